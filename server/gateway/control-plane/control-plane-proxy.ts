import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import { type GatewayHandlers, gatewayRoutes } from "../../../gen/routes/gateway.js";
import type { RouteSpec } from "../../../gen/routes/types.js";
import { ApiError } from "../../shared/errors/api-error.js";
import type { GatewayContext } from "../handlers.js";

/** Where the control plane listens by default (DESIGN.md §2). */
export const DEFAULT_CONTROL_PLANE_URL = "http://127.0.0.1:8080";

/** The gateway operations the control plane serves (same paths on both, DESIGN.md §6). */
export const FORWARDED_OPERATIONS = [
  "issueToken",
  "introspectToken",
  "revokeToken",
  "getJwks",
  "getServerMetadata",
  "createApp",
  "listApps",
  "getApp",
  "deleteApp",
  "rotateAppSecret",
] as const;

type Forwarded = (typeof FORWARDED_OPERATIONS)[number];

/** Options for {@link ControlPlaneProxy}. */
export interface ControlPlaneProxyOptions {
  /** The control plane's base URL (`CPOD_CONTROL_PLANE_URL`, default `http://127.0.0.1:8080`). */
  baseUrl: string;
  /** Per-request deadline; default 15 s (a token request waits for Argon2 under load). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Request headers passed on as they are (Authorization carries the admin token or Basic). */
const REQUEST_HEADERS = [
  "authorization",
  "content-type",
  "accept",
  "idempotency-key",
  "user-agent",
];
/** Response headers passed back: the ones the contract declares for these routes. */
const RESPONSE_HEADERS = [
  "content-type",
  "cache-control",
  "pragma",
  "www-authenticate",
  "retry-after",
  "location",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
];

interface Hop {
  peer: string;
  proto: string;
  host: string | undefined;
}

type Input = { params: object; query: object; headers: object; body: unknown };

/** Form or JSON bytes for the parsed body, in the content type it arrived in. */
function encodeBody(contentType: string, body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (!contentType.startsWith("application/x-www-form-urlencoded")) return JSON.stringify(body);
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    for (const item of [value].flat()) form.append(key, String(item));
  }
  return form.toString();
}

function queryString(query: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    for (const item of [value].flat()) if (item !== undefined) search.append(key, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/**
 * cpod-backend's OAuth and app routes, forwarded to the control plane so an app needs only the
 * gateway's address. The control plane is the one validator and authenticator of these routes
 * (admin token, client secrets), so the gateway passes the request on as received — method,
 * path, query, body, `Authorization` — and the answer back as sent: status, body bytes, and the
 * headers the contract declares (`WWW-Authenticate`, `Retry-After`, `Cache-Control`, …). The
 * caller's address goes along in `X-Forwarded-For` for the control plane's per-address limits.
 *
 * @example
 *   const proxy = new ControlPlaneProxy({ baseUrl: "http://127.0.0.1:8080" });
 *   proxy.install(app);
 *   registerRoutes(app, { routes, handlers: { ...other, ...proxy.handlers() }, context });
 */
export class ControlPlaneProxy {
  readonly #base: URL;
  readonly #hops = new WeakMap<object, Hop>();
  readonly #specs = new Map<string, RouteSpec>(
    gatewayRoutes.filter((r) => isForwarded(r.operationId)).map((r) => [r.operationId, r]),
  );

  constructor(private readonly opts: ControlPlaneProxyOptions) {
    this.#base = new URL(opts.baseUrl); // a bad URL is misuse: TypeError here
  }

  /**
   * Prepares the forwarded routes before they are registered: no request validation here (the
   * control plane validates and answers in the contract's shapes, including RFC 6749 bodies),
   * and an `onRequest` hook noting the caller's address for `X-Forwarded-For`.
   */
  install(app: FastifyInstance): void {
    app.addHook("onRoute", (route: RouteOptions) => {
      const operationId = (route.config as { operationId?: string } | undefined)?.operationId;
      if (!operationId || !isForwarded(operationId)) return;
      const { body, querystring, params, headers, ...rest } = (route.schema ?? {}) as Record<
        string,
        unknown
      >;
      void [body, querystring, params, headers];
      route.schema = rest;
      route.onRequest = [...[route.onRequest ?? []].flat(), this.#notePeer];
    });
  }

  /** One forwarding handler per forwarded operation. */
  handlers(): Pick<GatewayHandlers<GatewayContext>, Forwarded> {
    const forward =
      <R>(operationId: Forwarded) =>
      (input: Input, ctx: GatewayContext) =>
        this.#forward<R>(operationId, input, ctx);
    return {
      issueToken: forward("issueToken"),
      introspectToken: forward("introspectToken"),
      revokeToken: forward("revokeToken"),
      getJwks: forward("getJwks"),
      getServerMetadata: forward("getServerMetadata"),
      createApp: forward("createApp"),
      listApps: forward("listApps"),
      getApp: forward("getApp"),
      deleteApp: forward("deleteApp"),
      rotateAppSecret: forward("rotateAppSecret"),
    };
  }

  #notePeer = async (request: FastifyRequest): Promise<void> => {
    this.#hops.set(request.headers, {
      peer: request.ip,
      proto: request.protocol,
      host: request.headers.host,
    });
  };

  async #forward<R>(operationId: Forwarded, input: Input, ctx: GatewayContext): Promise<R> {
    const spec = this.#specs.get(operationId);
    if (!spec) throw new TypeError(`no gateway route for ${operationId}`);
    const params = input.params as Record<string, string>;
    const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(params[name] ?? ""),
    );
    const url = new URL(`${path}${queryString(input.query)}`, this.#base);
    const headers = this.#requestHeaders(
      input.headers as Record<string, string | string[] | undefined>,
      ctx,
    );
    const response = await this.#fetch(url, {
      method: spec.method,
      headers,
      body:
        spec.method === "GET" || spec.method === "DELETE"
          ? undefined
          : encodeBody(headers["content-type"] ?? "", input.body),
    });
    const text = await response.text();
    const out: Record<string, string> = {};
    for (const name of RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) out[name] = value;
    }
    return { status: response.status, body: text === "" ? undefined : text, headers: out } as R;
  }

  #requestHeaders(incoming: Record<string, string | string[] | undefined>, ctx: GatewayContext) {
    const headers: Record<string, string> = { "x-request-id": ctx.requestId };
    for (const name of REQUEST_HEADERS) {
      const value = incoming[name];
      if (typeof value === "string") headers[name] = value;
    }
    const hop = this.#hops.get(incoming);
    if (hop) {
      const before = [incoming["x-forwarded-for"]].flat().filter(Boolean).join(", ");
      headers["x-forwarded-for"] = before ? `${before}, ${hop.peer}` : hop.peer;
      headers["x-forwarded-proto"] = hop.proto;
      if (hop.host) headers["x-forwarded-host"] = hop.host;
    }
    return headers;
  }

  async #fetch(url: URL, init: RequestInit): Promise<Response> {
    try {
      return await (this.opts.fetch ?? fetch)(url, {
        ...init,
        redirect: "manual",
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      throw new ApiError(
        timedOut ? "timeout" : "unavailable",
        timedOut
          ? "The control plane did not answer in time."
          : "The control plane is unreachable.",
        { cause: error, headers: { "retry-after": "1" } },
      );
    }
  }
}

function isForwarded(operationId: string): operationId is Forwarded {
  return (FORWARDED_OPERATIONS as readonly string[]).includes(operationId);
}
