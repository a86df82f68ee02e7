import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { TokenClaims } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { canonicalJson } from "../../../lib/canonical-json.js";
import { ApiError } from "../../shared/errors/api-error.js";
import { REQUEST_PATH_PLUGIN } from "../request-path/request-path.js";
import type { IdempotencyStore } from "./idempotency-store.js";

/** How long a first response is replayed (the contract says 24 hours). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a running first request holds its key before a crashed gateway's claim lapses. */
const RUNNING_TTL_MS = 60_000;
/** Headers that describe the result and are replayed with it. */
const KEPT_HEADERS = ["content-type", "etag", "location"];
const HEADER = "idempotency-key";

/** True when the operation declares `Idempotency-Key` in the contract. */
function declaresKey(request: FastifyRequest): boolean {
  const headers = request.routeOptions.schema?.headers as
    | { properties?: Record<string, unknown> }
    | undefined;
  return headers?.properties?.[HEADER] !== undefined;
}

/**
 * What makes two requests "the same": method, path and query, and the body in RFC 8785
 * canonical form (so a retry that re-serializes its JSON in another key order still matches).
 */
function fingerprint(request: FastifyRequest): string {
  const body = canonicalJson(request.body ?? null);
  return createHash("sha256").update(`${request.method}\n${request.url}\n${body}`).digest("hex");
}

/**
 * The store key for `value` sent by a verified caller: tenant, app and user (`-` for an app acting
 * for itself) all scope it, so no app or user ever gets another's response replayed. Exported so
 * the store tests build their keys exactly as the hook does.
 *
 * @example
 *   idempotencyKey({ tenantId: "ten_1", appId: "app_1", userId: "" }, "k1"); // "ten_1:app_1:-:k1"
 */
export function idempotencyKey(
  claims: Pick<TokenClaims, "tenantId" | "appId" | "userId">,
  value: string,
): string {
  return `${claims.tenantId}:${claims.appId}:${claims.userId || "-"}:${value}`;
}

/**
 * The response is already decided when the key store fails to record or free it (e.g. Redis
 * went down mid-request): the client still gets that response, and the claim lapses after
 * RUNNING_TTL_MS, so a retry meanwhile is told to wait (409 with Retry-After), never run twice.
 */
function unrecorded(request: FastifyRequest, error: unknown): void {
  request.log.warn({ err: error }, "idempotency key not recorded");
}

/** A claimed key between this request's preHandler and its onSend. */
interface Held {
  key: string;
  fingerprint: string;
}

/** Claims held by requests in flight; private to this plugin's own hooks, shared with none. */
type Pending = WeakMap<FastifyRequest, Held>;

/**
 * `preHandler`: claim the key, or answer a retry (replay) or a misuse (409). A request without
 * verified claims (an unauthenticated route) is left alone: there is no caller to scope a key by.
 */
async function claimKey(
  request: FastifyRequest,
  reply: FastifyReply,
  store: IdempotencyStore,
  pending: Pending,
): Promise<FastifyReply | undefined> {
  const value = request.headers[HEADER];
  if (request.method !== "POST" || typeof value !== "string" || !declaresKey(request)) return;
  const claims = request.cpod.claims;
  if (!claims) return;
  const key = idempotencyKey(claims, value);
  const print = fingerprint(request);
  const claim = await store.claim(key, print, RUNNING_TTL_MS);
  if (claim.kind === "claimed") {
    pending.set(request, { key, fingerprint: print });
    return;
  }
  if (claim.fingerprint !== print) {
    throw new ApiError(
      "idempotency_conflict",
      "This Idempotency-Key was used for a different request; use a new key for new work.",
    );
  }
  if (claim.kind === "running") {
    throw new ApiError(
      "idempotency_conflict",
      "A request with this Idempotency-Key is still running; retry shortly.",
      { headers: { "retry-after": "1" } },
    );
  }
  const { response } = claim;
  reply.code(response.status).headers({ ...response.headers, "idempotent-replayed": "true" });
  return reply.send(response.body);
}

/** `onSend`: keep the first response for replay, or free the key for a 5xx or a stream. */
async function recordResponse(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  held: Held,
  store: IdempotencyStore,
): Promise<void> {
  const replayable = typeof payload === "string" || Buffer.isBuffer(payload) || payload == null;
  if (reply.statusCode >= 500 || !replayable) {
    await store.release(held.key).catch((error) => unrecorded(request, error));
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = reply.getHeader(name);
    if (v !== undefined) headers[name] = String(v);
  }
  const body = payload == null ? "" : payload.toString();
  const response = { status: reply.statusCode, headers, body };
  await store
    .complete(held.key, held.fingerprint, response, IDEMPOTENCY_TTL_MS)
    .catch((error) => unrecorded(request, error));
}

/**
 * Item 6 of issue #5 as fastify hooks. `preHandler` (after the request path verified the token
 * and the body passed validation) claims `tenant:app:user:key`; a retry of a finished request
 * gets the first response again with `Idempotent-Replayed: true`, a different request under the
 * same key gets 409 `idempotency_conflict`, as does a retry while the first is still running.
 * `onSend` stores the first response for 24 h unless it is a 5xx or a stream (those free the
 * key, so the retry does the work). Keys are scoped by the verified claims in `request.cpod`, so
 * tenants and apps never see each other's responses — hence the dependency on
 * `cpod-request-path`, without which every key would be skipped as unauthenticated.
 *
 * @example
 *   await app.register(idempotency, { store: new MemoryIdempotencyStore() });
 */
export const idempotency = fp(
  async (app: FastifyInstance, opts: { store: IdempotencyStore }) => {
    const { store } = opts;
    const pending: Pending = new WeakMap();
    app.addHook("preHandler", (request, reply) => claimKey(request, reply, store, pending));
    app.addHook("onSend", async (request, reply, payload) => {
      const held = pending.get(request);
      if (!held) return payload;
      pending.delete(request);
      await recordResponse(request, reply, payload, held, store);
      return payload;
    });
    app.addHook("onRequestAbort", async (request) => {
      const held = pending.get(request);
      if (!held) return;
      pending.delete(request);
      await store.release(held.key).catch((error) => unrecorded(request, error));
    });
  },
  {
    name: "cpod-idempotency",
    fastify: "5.x",
    dependencies: [REQUEST_PATH_PLUGIN],
    decorators: { request: ["cpod"] },
  },
);
