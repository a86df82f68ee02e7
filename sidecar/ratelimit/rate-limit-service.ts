import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type CheckRequest,
  type CheckResponse,
  CheckResponseSchema,
  type RateLimitService,
  ResetResponseSchema,
} from "../../gen/proto/coresdk/v1/rate_limit_pb.js";
import { SidecarError } from "../errors/sidecar-error.js";
import type { TenantDirectory, TenantInfo } from "../tenants/tenant-directory.js";
import { type RateLimitDecision, type RateLimiter, RateLimitStoreError } from "./rate-limiter.js";

/**
 * Response header set when a check was NOT enforced because the limiter's store is down and the
 * fail mode is "open". The same response also has `allowed = true` with `limit = 0`, a pair no
 * enforced check produces, so a client that cannot read headers can tell too. The gateway should
 * then skip the RateLimit-* headers (there is no real limit to report) and may log/alert.
 */
export const DEGRADED_HEADER = "cpod-rate-limit-degraded";

/** What the service needs: the limiter, where plans come from, and what to do if the store fails. */
export interface RateLimitServiceDeps {
  limiter: RateLimiter;
  tenants: TenantDirectory;
  /** `CORESDK_FAIL_MODE`: "closed" refuses with `unavailable`; "open" admits, marked degraded. */
  failMode: "open" | "closed";
}

const U32 = 0xffff_ffff;
const u32 = (n: number) => Math.min(Math.max(Math.trunc(n), 0), U32);

function toResponse(d: RateLimitDecision): CheckResponse {
  return create(CheckResponseSchema, {
    allowed: d.allowed,
    limit: u32(d.limit),
    remaining: u32(d.remaining),
    resetMs: u32(d.resetMs),
    retryAfterMs: u32(d.retryAfterMs),
  });
}

/**
 * A suspended tenant is refused without charging a counter. It is not a rate matter (Authorize
 * refuses it first, with tenant_suspended), so this is defence in depth; retry-after is a whole
 * window so a client that only sees a 429 backs off instead of hammering.
 */
function suspended(tenant: TenantInfo): CheckResponse {
  const { requestsPerWindow, windowMs } = tenant.limits;
  const d = { allowed: false, limit: requestsPerWindow, remaining: 0 };
  return toResponse({ ...d, resetMs: windowMs, retryAfterMs: windowMs });
}

async function resolve(tenants: TenantDirectory, tenantId: string): Promise<TenantInfo> {
  const tenant = await tenants.resolve(tenantId);
  // An error, not a 429: no waiting helps, and it must not look like throttling.
  if (!tenant) throw new SidecarError("not_found", "tenant not found");
  return tenant;
}

function cost(request: RateCheckInput, tenant: TenantInfo): number {
  const units = request.cost ?? 1;
  if (units < 1 || units > tenant.limits.requestsPerWindow) {
    throw new SidecarError(
      "validation_failed",
      `cost: ${units} units can never fit the ${tenant.plan} plan's limit of ${tenant.limits.requestsPerWindow}`,
    );
  }
  return units;
}

function storeDown(failMode: "open" | "closed", error: unknown): RateOutcome {
  if (failMode === "closed") {
    throw new SidecarError("unavailable", "rate limit store unavailable", { cause: error });
  }
  const response = toResponse({
    allowed: true,
    limit: 0,
    remaining: 0,
    resetMs: 0,
    retryAfterMs: 0,
  });
  return { response, degraded: true };
}

/** A rate verdict; `degraded` when the store was down and the fail mode admitted unchecked. */
export interface RateOutcome {
  response: CheckResponse;
  degraded: boolean;
}

/** The fields of a CheckRequest the check reads (a plain object will do). */
export type RateCheckInput = Pick<CheckRequest, "tenantId" | "appId" | "routeClass" | "cost">;

/**
 * Step 4 as a plain function, shared by RateLimitService.Check and AdmissionService.Admit so
 * both apply one rule set: unknown tenant → `not_found`; suspended → refused; cost above the
 * plan's limit → `validation_failed`; a store outage → `failMode` decides.
 */
export function createRateCheck(
  deps: RateLimitServiceDeps,
): (request: RateCheckInput) => Promise<RateOutcome> {
  const { limiter, tenants, failMode } = deps;
  return async (request) => {
    const tenant = await resolve(tenants, request.tenantId);
    if (tenant.status !== "active") return { response: suspended(tenant), degraded: false };
    const { requestsPerWindow: limit, windowMs } = tenant.limits;
    const key = { tenantId: tenant.id, appId: request.appId, routeClass: request.routeClass };
    const units = cost(request, tenant);
    try {
      return {
        response: toResponse(await limiter.check(key, { limit, windowMs }, units)),
        degraded: false,
      };
    } catch (error) {
      if (error instanceof RateLimitStoreError) return storeDown(failMode, error);
      throw error;
    }
  };
}

/**
 * RateLimitService (DESIGN.md §4 step 4): one counter per tenant/app/route class, limited by the
 * tenant's plan. Unknown tenant → `not_found`; suspended → refused; cost above the plan's limit →
 * `validation_failed`. If the store fails, `failMode` decides (see {@link DEGRADED_HEADER}).
 * A plan's `burst` equals its limit in every plan, which is what a sliding window already allows
 * (the whole limit at once), so it is not enforced separately.
 * Reset needs no tenant lookup, so operators can clear a deleted tenant's counters; it always
 * fails closed (`unavailable`), since admitting has no meaning there.
 *
 * @example
 *   router.service(RateLimitService, createRateLimitService({ limiter, tenants, failMode: "closed" }));
 */
export function createRateLimitService(
  deps: RateLimitServiceDeps,
): ServiceImpl<typeof RateLimitService> {
  const { limiter } = deps;
  const check = createRateCheck(deps);
  return {
    async check(request, ctx) {
      const { response, degraded } = await check(request);
      if (degraded) ctx.responseHeader.set(DEGRADED_HEADER, "store-unavailable");
      return response;
    },
    async reset(request) {
      try {
        const { tenantId, appId, routeClass } = request;
        const cleared = await limiter.reset({ tenantId, appId, routeClass });
        return create(ResetResponseSchema, { cleared });
      } catch (error) {
        if (!(error instanceof RateLimitStoreError)) throw error;
        throw new SidecarError("unavailable", "rate limit store unavailable", { cause: error });
      }
    },
  };
}
