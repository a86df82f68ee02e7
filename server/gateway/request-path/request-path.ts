import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { type AdmitResponse, AdmitVerdict } from "../../../gen/proto/coresdk/v1/admission_pb.js";
import { TokenRejectReason } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import type { CheckResponse } from "../../../gen/proto/coresdk/v1/rate_limit_pb.js";
import { gatewayEntities } from "../../../gen/routes/gateway.js";
import { ApiError } from "../../shared/errors/api-error.js";
import type { AdmitInput } from "../sidecar/admission-batcher.js";
import { bearerToken, invalidToken } from "./bearer.js";
import { type FairQueue, QueueFullError } from "./fair-queue.js";
import { type CpodRequestState, REQUEST_STATE_PLUGIN } from "./request-state.js";
import { routeConfig } from "./route-config.js";
import { sidecarFailure } from "./sidecar-failure.js";

/** What the request path needs from the sidecar: one admission per request. */
export interface AdmissionClient {
  admit(input: AdmitInput): Promise<AdmitResponse>;
}

/**
 * How the path behaves when a step cannot run (`CORESDK_FAIL_MODE`, README *Fail modes*): the
 * sidecar unreachable, or a validate/authorize step failed, is 503 in both modes (no verified
 * token, no tenant to serve); a rate-limit step that failed (Redis down behind a `closed`
 * sidecar) is 503 under `closed` and lets the request on under `open`. The sidecar's own mode
 * decides the rest (a stale deny-list replica, a degraded rate verdict).
 */
export type FailMode = "closed" | "open";

/** The longest resource id the sidecar's contract carries (proto Resource.id, AdmitRequest). */
const MAX_RESOURCE_ID = 1024;

const PLURALS = new Map(gatewayEntities.map((e) => [e.type, e.plural] as const));

/** The resource a route touches, for policy and audit: `entity.people`, `kv`, … and its id. */
function resourceOf(request: FastifyRequest, action: string): { type: string; id: string } {
  const entity = (request.routeOptions.config as { entity?: string } | undefined)?.entity;
  const plural = entity ? PLURALS.get(entity) : undefined;
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  // The whole id, for the audit record: if it breaks the record's rules the audit hook repairs
  // it and says so in the record (admission gets a cut copy, see below).
  const id = params.id ?? params.key ?? params.name ?? params["*"] ?? "";
  // Policy resource types are dotted snake_case (proto Resource.type): `technology-assets` in a
  // URL is `entity.technology_assets` to the policy and in the audit trail.
  const type = plural ? `entity.${plural.replaceAll("-", "_")}` : (action.split(".")[0] ?? action);
  return { type, id };
}

/** Route classes by operation id: one per contract operation, derived once, not per request. */
const ROUTE_CLASSES = new Map<string, string>();

/** The rate-limit class of a route: its operation id in the proto's `[a-z][a-z0-9_.-]*` form. */
export function routeClass(operationId: string | undefined): string {
  const id = operationId ?? "";
  let known = ROUTE_CLASSES.get(id);
  if (known === undefined) {
    const snake = id.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    known = /^[a-z][a-z0-9_.-]*$/.test(snake) ? snake : "default";
    ROUTE_CLASSES.set(id, known);
  }
  return known;
}

/** `RateLimit-*` (draft-ietf-httpapi-ratelimit-headers) on every response of a checked route. */
function rateHeaders(reply: FastifyReply, rate: CheckResponse): void {
  reply.header("ratelimit-limit", String(rate.limit));
  reply.header("ratelimit-remaining", String(rate.remaining));
  reply.header("ratelimit-reset", String(Math.ceil(rate.resetMs / 1000)));
}

/** The sidecar's per-step durations, for Server-Timing (they ran inside the sidecar). */
function noteSteps(state: CpodRequestState, verdict: AdmitResponse): void {
  const t = verdict.timings;
  if (!t) return;
  const steps: [string, number][] = [
    ["ValidateToken", t.validateUs],
    ["Authorize", t.authorizeUs],
    ["Check", t.ratelimitUs],
  ];
  state.steps = steps.filter(([, us]) => us > 0).map(([step, us]) => ({ step, ms: us / 1000 }));
}

/** One Admit round trip, timed on the gateway's side (Server-Timing `sidecar`, the metrics). */
async function admit(
  sidecar: AdmissionClient,
  state: CpodRequestState,
  input: AdmitInput,
): Promise<AdmitResponse> {
  const started = performance.now();
  try {
    const verdict = await sidecar.admit(input);
    state.sidecar = { ms: performance.now() - started, ok: true };
    return verdict;
  } catch (error) {
    state.sidecar = { ms: performance.now() - started, ok: false };
    throw sidecarFailure(error, "Admit");
  }
}

/**
 * Admit through the fair queue: at most its limit of admissions at the sidecar at once, the rest
 * waiting by flow — the caller's credential and the operation — so one caller's burst of writes
 * waits behind itself, not in front of a read (issue #15: KV reads during a write burst). The
 * wait is noted for Server-Timing; a full queue is 503 with Retry-After.
 */
async function admitInTurn(
  opts: RequestPathOptions,
  request: FastifyRequest,
  input: AdmitInput,
): Promise<AdmitResponse> {
  const { queue } = opts;
  const state = request.cpod;
  if (!queue) return admit(opts.sidecar, state, input);
  const asked = performance.now();
  try {
    return await queue.run(`${input.routeClass} ${input.token}`, (waited) => {
      if (waited) state.queuedMs = performance.now() - asked;
      // A client that hung up while waiting gets no admission: it would spend the tenant's
      // rate limit and the sidecar's work on an answer nobody reads.
      if (waited && request.raw.socket?.destroyed) throw clientGone();
      return admit(opts.sidecar, state, input);
    });
  } catch (error) {
    if (!(error instanceof QueueFullError)) throw error;
    opts.onQueueFull?.();
    throw new ApiError("unavailable", "The gateway is at capacity; retry shortly.", {
      cause: error,
      headers: { "retry-after": "1" },
    });
  }
}

/** What a request whose client left while it waited is answered (nobody reads it). */
function clientGone(): ApiError {
  return new ApiError("request_timeout", "The client left before its turn to be admitted.");
}

/** The 429 for a refused rate check, with Retry-After. */
function rateLimited(rate: CheckResponse | undefined): ApiError {
  const retryAfter = String(Math.max(1, Math.ceil((rate?.retryAfterMs ?? 1000) / 1000)));
  return new ApiError("rate_limited", `Rate limit reached; retry in ${retryAfter} s.`, {
    headers: { "retry-after": retryAfter },
  });
}

/** The 403 for a policy deny; a suspended tenant gets its own code. */
function denied(reasons: string[]): ApiError {
  const suspended = reasons.includes("tenant_suspended");
  return new ApiError(
    suspended ? "tenant_suspended" : "permission_denied",
    `Denied: ${reasons.join(", ") || "policy"}.`,
  );
}

/**
 * A step the sidecar could not run. Only step 4 may fail open (the caller is already
 * authenticated and authorized); everything else fails closed, as sidecarFailure decides.
 * Returns normally when the request may go on without a rate verdict.
 */
function failedStep(verdict: AdmitResponse, failMode: FailMode): void {
  const failure = verdict.failure;
  if (failure?.step === "Check" && failMode === "open" && verdict.claims) return;
  throw sidecarFailure(failure, failure?.step ?? "Admit");
}

/** The plugin name idempotency, observability and audit declare: they read what it writes. */
export const REQUEST_PATH_PLUGIN = "cpod-request-path";

/** The sidecar that admits requests and what to do when one of its steps cannot run. */
export interface RequestPathOptions {
  sidecar: AdmissionClient;
  failMode: FailMode;
  /** Bounds the admissions in flight and takes turns between flows; absent, no bound. */
  queue?: FairQueue;
  /** Counts the requests refused because the queue was full. */
  onQueueFull?: () => void;
}

/** Steps 1–4 for one request: its state in `request.cpod`, a Problem thrown for a refusal. */
async function admitRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: RequestPathOptions,
): Promise<void> {
  const security = routeConfig(request).security;
  if (security?.kind !== "oauth2") return;
  const state = request.cpod;
  const action = security.scopes[0] ?? "";
  const resource = resourceOf(request, action);
  state.action = action; // set before the Bearer check: a 401 is audited with them too
  state.resource = resource;
  const token = bearerToken(request.headers.authorization);
  const routeClassName = routeClass(routeConfig(request).operationId);
  const verdict = await admitInTurn(opts, request, {
    token,
    action,
    resourceType: resource.type,
    // Longer ids than the sidecar's Resource.id limit are invalid for every route; cut to the
    // limit so the request still gets its own 4xx from the route's validation (and an audit
    // record), instead of failing admission as a malformed call.
    resourceId: resource.id.slice(0, MAX_RESOURCE_ID),
    routeClass: routeClassName,
  });
  noteSteps(state, verdict);
  if (verdict.claims) {
    state.claims = verdict.claims;
    state.accessToken = token;
  }
  switch (verdict.verdict) {
    case AdmitVerdict.ADMITTED:
      if (verdict.rate && !verdict.rateDegraded) rateHeaders(reply, verdict.rate);
      return;
    case AdmitVerdict.TOKEN_REJECTED:
      throw invalidToken(TokenRejectReason[verdict.tokenRejectReason]?.toLowerCase() ?? "invalid");
    case AdmitVerdict.DENIED:
      state.denied = true;
      throw denied(verdict.reasons);
    case AdmitVerdict.RATE_LIMITED:
      state.denied = true;
      if (verdict.rate) rateHeaders(reply, verdict.rate);
      throw rateLimited(verdict.rate);
    default:
      return failedStep(verdict, opts.failMode);
  }
}

/**
 * Steps 1–4 of DESIGN.md §4 as one `onRequest` hook on every `oauth2` route: Bearer here, then
 * ValidateToken → Authorize → RateLimit in the sidecar, in that order, in one Admit round trip
 * (the only sidecar call before the handler). Tenant, app and user come only from the verified
 * claims, written to `request.cpod` (so it needs `cpod-request-state`). Steps 2 and 3 always fail
 * closed (503): without a verified token there is no tenant to serve, so
 * `CORESDK_FAIL_MODE=open` only lets a request on when step 4 alone could not run.
 *
 * @example
 *   await app.register(requestState);
 *   await app.register(requestPath, { sidecar, failMode: "closed" });
 */
export const requestPath = fp(
  async (app: FastifyInstance, opts: RequestPathOptions) => {
    app.addHook("onRequest", (request, reply) => admitRequest(request, reply, opts));
  },
  {
    name: REQUEST_PATH_PLUGIN,
    fastify: "5.x",
    dependencies: [REQUEST_STATE_PLUGIN],
    decorators: { request: ["cpod"] },
  },
);
