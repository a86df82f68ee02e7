/**
 * The rate limiter port: a sliding-window log per counter, so over ANY span of `windowMs` at
 * most `limit` units are admitted — not just per aligned window (a fixed window lets 2× through
 * across a boundary) and not "on average" (GCRA/token bucket with burst = limit admit up to 2×
 * in the first window). Adapters: Redis (shared by every sidecar/gateway replica) and memory.
 */

/** One counter: a tenant's app on a class of routes. Tenant first, so nothing crosses tenants. */
export interface RateLimitKey {
  tenantId: string;
  appId: string;
  routeClass: string;
}

/** Which counters `reset` clears: one tenant's, optionally narrowed to an app and/or route class. */
export interface RateLimitScope {
  tenantId: string;
  appId?: string;
  routeClass?: string;
}

/** At most `limit` units in any `windowMs` span. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** A verdict plus what the RateLimit-* / Retry-After headers need, in whole milliseconds. */
export interface RateLimitDecision {
  /** Whether the units were admitted; a refusal charges nothing. */
  allowed: boolean;
  limit: number;
  /** Units still admissible right now, after this request. */
  remaining: number;
  /** Until every admitted unit has left the window (remaining back at limit); 0 when idle. */
  resetMs: number;
  /** Until enough units leave the window for this request to fit; 0 when allowed. */
  retryAfterMs: number;
}

/**
 * Counts requests against a limit, atomically per counter.
 *
 * @example
 *   const d = await limiter.check({ tenantId: "t1", appId: "a", routeClass: "default" },
 *     { limit: 100, windowMs: 10_000 });
 *   if (!d.allowed) reply(429, { "Retry-After": Math.ceil(d.retryAfterMs / 1000) });
 */
export interface RateLimiter {
  /** Admits `cost` units (default 1) if they fit. Throws RateLimitStoreError if the store fails. */
  check(key: RateLimitKey, limit: RateLimit, cost?: number): Promise<RateLimitDecision>;
  /** Clears the counters in `scope`; answers how many there were. */
  reset(scope: RateLimitScope): Promise<number>;
}

/**
 * The limiter's store failed (Redis down, timed out). Distinct from bugs so the service can apply
 * `CORESDK_FAIL_MODE` to exactly this case and nothing else.
 */
export class RateLimitStoreError extends Error {
  override readonly name = "RateLimitStoreError";
}

/** Misuse is a TypeError/RangeError at the call, not a silently wrong verdict. */
export function assertCheckArgs(limit: RateLimit, cost: number): void {
  const positiveInt = (n: number) => Number.isSafeInteger(n) && n > 0;
  if (!positiveInt(limit.limit) || !positiveInt(limit.windowMs)) {
    throw new RangeError(`rate limit needs positive integers, got ${JSON.stringify(limit)}`);
  }
  if (!positiveInt(cost) || cost > limit.limit) {
    throw new RangeError(`cost must be an integer from 1 to the limit ${limit.limit}, got ${cost}`);
  }
}

/**
 * A key segment safe in a colon-separated key and in a Redis glob: everything but
 * `[A-Za-z0-9_.-]` is percent-encoded, so an app id like `a:b*` can neither collide with another
 * counter nor act as a pattern.
 */
export function keySegment(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Whether a counter falls inside a reset scope. */
export function inScope(scope: RateLimitScope, key: RateLimitKey): boolean {
  return (
    scope.tenantId === key.tenantId &&
    (scope.appId === undefined || scope.appId === key.appId) &&
    (scope.routeClass === undefined || scope.routeClass === key.routeClass)
  );
}
