import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { TokenRejectReason } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { gatewayEntities } from "../../../gen/routes/gateway.js";
import { ApiError } from "../../shared/errors/api-error.js";
import type { RateVerdict, SidecarClient } from "../sidecar/sidecar-client.js";
import { bearerToken, invalidToken } from "./bearer.js";
import { requestState, routeConfig } from "./principal.js";
import { sidecarFailure } from "./sidecar-failure.js";

/** How the path behaves when the sidecar cannot answer (`CORESDK_FAIL_MODE`). */
export type FailMode = "closed" | "open";

const PLURALS = new Map(gatewayEntities.map((e) => [e.type, e.plural] as const));

/** The resource a route touches, for policy and audit: `entity.people`, `kv`, … and its id. */
function resourceOf(request: FastifyRequest, action: string): { type: string; id: string } {
  const entity = (request.routeOptions.config as { entity?: string } | undefined)?.entity;
  const plural = entity ? PLURALS.get(entity) : undefined;
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  const id = params.id ?? params.key ?? params.name ?? params["*"] ?? "";
  // Policy resource types are dotted snake_case (proto Resource.type): `technology-assets` in a
  // URL is `entity.technology_assets` to the policy and in the audit trail.
  const type = plural ? `entity.${plural.replaceAll("-", "_")}` : (action.split(".")[0] ?? action);
  return { type, id };
}

/** The rate-limit class of a route: its operation id in the proto's `[a-z][a-z0-9_.-]*` form. */
export function routeClass(operationId: string | undefined): string {
  const snake = (operationId ?? "").replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return /^[a-z][a-z0-9_.-]*$/.test(snake) ? snake : "default";
}

/** Runs one sidecar call, noting its duration on the request for Server-Timing and metrics. */
async function timed<T>(request: FastifyRequest, step: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  let ok = false;
  try {
    const result = await fn();
    ok = true;
    return result;
  } finally {
    const state = requestState(request);
    state.steps = state.steps ?? [];
    state.steps.push({ step, ms: performance.now() - started, ok });
  }
}

async function call<T>(request: FastifyRequest, step: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await timed(request, step, fn);
  } catch (error) {
    throw sidecarFailure(error, step);
  }
}

/** `RateLimit-*` (draft-ietf-httpapi-ratelimit-headers) on every response of a checked route. */
function rateHeaders(reply: FastifyReply, { response, degraded }: RateVerdict): void {
  if (degraded) return;
  reply.header("ratelimit-limit", String(response.limit));
  reply.header("ratelimit-remaining", String(response.remaining));
  reply.header("ratelimit-reset", String(Math.ceil(response.resetMs / 1000)));
}

/** Step 4, which alone may fail open: the caller is already authenticated and authorized. */
async function checkRate(
  sidecar: SidecarClient,
  failMode: FailMode,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const state = requestState(request);
  const claims = state.claims;
  if (!claims) return;
  let verdict: RateVerdict;
  try {
    const rateClass = routeClass(routeConfig(request).operationId);
    verdict = await timed(request, "Check", () => sidecar.checkRate(claims, rateClass));
  } catch (error) {
    if (failMode === "open") return;
    throw sidecarFailure(error, "Check");
  }
  rateHeaders(reply, verdict);
  if (verdict.response.allowed) return;
  state.denied = true;
  const retryAfter = String(Math.max(1, Math.ceil(verdict.response.retryAfterMs / 1000)));
  throw new ApiError("rate_limited", `Rate limit reached; retry in ${retryAfter} s.`, {
    headers: { "retry-after": retryAfter },
  });
}

/**
 * Steps 1–4 of DESIGN.md §4 as one `onRequest` hook on every `oauth2` route, in the contract's
 * order: Bearer → ValidateToken → Authorize → RateLimit. Tenant, app and user come only from
 * the verified claims. Steps 2 and 3 always fail closed (503): without a verified token there is
 * no tenant to serve, so `CORESDK_FAIL_MODE=open` only lets step 4 pass when the sidecar is gone.
 */
export function installRequestPath(
  app: FastifyInstance,
  opts: { sidecar: SidecarClient; failMode: FailMode },
): void {
  const { sidecar, failMode } = opts;
  app.addHook("onRequest", async (request, reply) => {
    const security = routeConfig(request).security;
    if (security?.kind !== "oauth2") return;
    const token = bearerToken(request.headers.authorization);
    const verdict = await call(request, "ValidateToken", () => sidecar.validateToken(token));
    if (!verdict.valid || !verdict.claims) {
      throw invalidToken(TokenRejectReason[verdict.reason]?.toLowerCase() ?? "invalid");
    }
    const state = requestState(request);
    state.claims = verdict.claims;
    const action = security.scopes[0] ?? "";
    state.action = action;
    state.resource = resourceOf(request, action);
    const decision = await call(request, "Authorize", () =>
      sidecar.authorize(verdict.claims as NonNullable<typeof verdict.claims>, action, {
        type: state.resource?.type ?? "",
        id: state.resource?.id ?? "",
      }),
    );
    if (!decision.allow) {
      state.denied = true;
      const suspended = decision.reasons.includes("tenant_suspended");
      throw new ApiError(
        suspended ? "tenant_suspended" : "permission_denied",
        `Denied: ${decision.reasons.join(", ") || "policy"}.`,
      );
    }
    await checkRate(sidecar, failMode, request, reply);
  });
}
