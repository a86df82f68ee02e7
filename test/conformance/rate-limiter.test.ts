// One conformance suite for the RateLimiter port, run against every adapter (STYLE.md habit 7):
// the in-process one with a fake clock, and Redis (real server, real time, small windows).
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MemoryRateLimiter } from "../../sidecar/ratelimit/adapters/memory-rate-limiter.js";
import { RedisRateLimiter } from "../../sidecar/ratelimit/adapters/redis-rate-limiter.js";
import type { RateLimiter, RateLimitKey } from "../../sidecar/ratelimit/rate-limiter.js";
import { serviceUrl } from "../helpers/services.js";

/** What the suite drives: a limiter and a way to let time pass. */
interface Subject {
  limiter: RateLimiter;
  /** Lets `ms` pass: moves a fake clock, or sleeps when the store keeps its own time. */
  advance(ms: number): Promise<void>;
  /** True when `advance` is exact, so time-derived values can be asserted exactly. */
  exactClock: boolean;
  /** The clock `advance` moves, in ms: the fake one, or the local monotonic clock. */
  now(): number;
  /** Clock granularity between the store's clock and `now` (0 for a fake clock). */
  jitterMs: number;
}

const W = 600; // window, ms: small so the real-time adapter's refill tests stay fast

/** A counter key in a tenant no other test (or earlier run against a shared Redis) uses. */
function freshKey(overrides: Partial<RateLimitKey> = {}): RateLimitKey {
  return { tenantId: `t-${randomUUID()}`, appId: "app", routeClass: "default", ...overrides };
}

function rateLimiterConformance(name: string, open: () => Subject) {
  describe(`RateLimiter conformance: ${name}`, () => {
    let s: Subject;
    beforeEach(() => {
      s = open();
    });

    /**
     * A value derived from time (`retryAfterMs`, `resetMs`): `expected` is what it is when exactly
     * `nominal` ms pass after `mark` (taken just before the admission it derives from). A fake
     * clock gives exactly that; on a real one the value is lower by what really passed beyond
     * `nominal` (sleeps overshoot, round trips), measured here, and never higher.
     */
    function expectTimed(
      actual: number | undefined,
      expected: number,
      mark: number,
      nominal: number,
    ) {
      if (s.exactClock) expect(s.now() - mark, "the test's own time bookkeeping").toBe(nominal);
      const overshoot = Math.max(0, s.now() - mark - nominal);
      expect(actual).toBeGreaterThanOrEqual(expected - overshoot - s.jitterMs);
      expect(actual).toBeLessThanOrEqual(expected + s.jitterMs);
    }

    it("admits exactly `limit` units per window, counting remaining down", async () => {
      const key = freshKey();
      const seen = [];
      const start = s.now();
      for (let i = 0; i < 6; i++)
        seen.push(await s.limiter.check(key, { limit: 5, windowMs: 5_000 }));
      expect(seen.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
      expect(seen.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
      expect(seen.every((d) => d.limit === 5)).toBe(true);
      expect(seen.slice(0, 5).every((d) => d.retryAfterMs === 0 && d.resetMs === 5_000)).toBe(true);
      const refused = seen[5];
      expect(refused?.retryAfterMs).toBeGreaterThan(0);
      expect(refused?.retryAfterMs).toBeLessThanOrEqual(5_000);
      expect(refused?.resetMs).toBeLessThanOrEqual(5_000);
      expectTimed(refused?.retryAfterMs, 5_000, start, 0); // the first admission leaves first
      expectTimed(refused?.resetMs, 5_000, start, 0); // the last one leaves a window later
    });

    it("charges cost units, and a refusal charges nothing", async () => {
      const key = freshKey();
      const limit = { limit: 5, windowMs: 5_000 };
      expect(await s.limiter.check(key, limit, 3)).toMatchObject({ allowed: true, remaining: 2 });
      expect(await s.limiter.check(key, limit, 3)).toMatchObject({ allowed: false, remaining: 2 });
      expect(await s.limiter.check(key, limit, 2)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it("slides: each admission frees its units exactly one window later, not all at once", async () => {
      const key = freshKey();
      const limit = { limit: 2, windowMs: W };
      const first = s.now();
      expect((await s.limiter.check(key, limit)).allowed).toBe(true);
      await s.advance(W / 2);
      const second = s.now();
      expect((await s.limiter.check(key, limit)).allowed).toBe(true);
      const refused = await s.limiter.check(key, limit);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(W / 2);
      expect(refused.resetMs).toBeGreaterThan(refused.retryAfterMs);
      expect(refused.resetMs).toBeLessThanOrEqual(W);
      expectTimed(refused.retryAfterMs, W / 2, first, W / 2);
      expectTimed(refused.resetMs, W, second, 0);
      await s.advance(refused.retryAfterMs + (s.exactClock ? 0 : 20));
      expect(await s.limiter.check(key, limit)).toMatchObject({ allowed: true, remaining: 0 });
      expect((await s.limiter.check(key, limit)).allowed).toBe(false);
    });

    it("retry-after of a costly refusal waits for enough units to leave", async () => {
      const key = freshKey();
      const limit = { limit: 3, windowMs: W };
      await s.limiter.check(key, limit);
      await s.advance(W / 4);
      const second = s.now();
      await s.limiter.check(key, limit, 2);
      const refused = await s.limiter.check(key, limit, 2); // needs the second entry gone too
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(W / 2);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(W);
      expectTimed(refused.retryAfterMs, W, second, 0);
    });

    it("retry-after finds the oldest admission whose expiry frees enough units", async () => {
      const key = freshKey();
      const limit = { limit: 10, windowMs: W };
      const marks = [s.now()];
      await s.limiter.check(key, limit, 6); // t0
      await s.advance(W / 4);
      marks.push(s.now());
      for (let i = 0; i < 2; i++) await s.limiter.check(key, limit); // t0 + W/4
      await s.advance(W / 4);
      marks.push(s.now());
      for (let i = 0; i < 2; i++) await s.limiter.check(key, limit); // t0 + W/2, now full
      const cases = [
        { cost: 3, after: 1 / 4, upTo: 1 / 2, entry: 0 }, // the first entry (6 units) suffices
        { cost: 7, after: 1 / 2, upTo: 3 / 4, entry: 1 }, // the first + one of t0 + W/4
        { cost: 9, after: 3 / 4, upTo: 1, entry: 2 }, // everything up to one of t0 + W/2
      ];
      for (const { cost, after, upTo, entry } of cases) {
        const refused = await s.limiter.check(key, limit, cost);
        expect(refused.allowed).toBe(false);
        expect(refused.retryAfterMs).toBeGreaterThan(W * after);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(W * upTo);
        // The entry was admitted W * (1 - upTo) after t0, so W * upTo is left of its window.
        expectTimed(refused.retryAfterMs, W * upTo, marks[entry] ?? 0, W * (1 - upTo));
      }
    });

    it("retry-after of a refusal bigger than any single admission", async () => {
      const key = freshKey();
      const limit = { limit: 10, windowMs: W };
      const start = s.now();
      await s.limiter.check(key, limit, 10);
      await s.advance(W / 4); // a quarter of the window gone: both values count down with it
      const refused = await s.limiter.check(key, limit, 5);
      expect(refused.retryAfterMs).toBeGreaterThan(W / 2);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(W);
      expectTimed(refused.retryAfterMs, (3 * W) / 4, start, W / 4);
      expectTimed(refused.resetMs, (3 * W) / 4, start, W / 4);
    });

    it("an idle counter resets to a full window", async () => {
      const key = freshKey();
      const limit = { limit: 1, windowMs: W };
      await s.limiter.check(key, limit);
      await s.advance(W + (s.exactClock ? 0 : 20));
      expect(await s.limiter.check(key, limit)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it("reset clears one counter and reports how many it cleared", async () => {
      const key = freshKey();
      const limit = { limit: 1, windowMs: 5_000 };
      await s.limiter.check(key, limit);
      expect(await s.limiter.reset(key)).toBe(1);
      expect(await s.limiter.reset(key)).toBe(0);
      expect((await s.limiter.check(key, limit)).allowed).toBe(true);
    });

    it("reset by tenant, app or route class clears exactly that scope", async () => {
      const limit = { limit: 1, windowMs: 5_000 };
      const { tenantId } = freshKey();
      const keys = [
        { tenantId, appId: "a", routeClass: "default" },
        { tenantId, appId: "a", routeClass: "files.write" },
        { tenantId, appId: "b", routeClass: "default" },
      ];
      for (const key of keys) await s.limiter.check(key, limit);
      expect(await s.limiter.reset({ tenantId, routeClass: "default" })).toBe(2);
      expect(await s.limiter.reset({ tenantId, appId: "a" })).toBe(1);
      for (const key of keys) await s.limiter.check(key, limit);
      expect(await s.limiter.reset({ tenantId })).toBe(3);
    });

    it("isolates tenants, apps and route classes, whatever characters the ids hold", async () => {
      const limit = { limit: 1, windowMs: 5_000 };
      const a = freshKey({ appId: "x:y*" });
      const others: RateLimitKey[] = [
        { ...freshKey(), appId: a.appId }, // another tenant, same app and route
        { ...a, appId: "x:y?" },
        { ...a, appId: "x" },
        { ...a, routeClass: "oauth" },
      ];
      expect((await s.limiter.check(a, limit)).allowed).toBe(true);
      expect((await s.limiter.check(a, limit)).allowed).toBe(false);
      for (const key of others) expect((await s.limiter.check(key, limit)).allowed).toBe(true);
      expect(await s.limiter.reset({ tenantId: a.tenantId, appId: "x" })).toBe(1);
      expect(await s.limiter.reset({ tenantId: a.tenantId, appId: "x:y*" })).toBe(2); // default + oauth
    });

    it("a limit lowered under a full window (plan downgrade) refuses without negative remaining", async () => {
      const key = freshKey();
      const start = s.now();
      await s.limiter.check(key, { limit: 10, windowMs: 5_000 }, 8);
      const refused = await s.limiter.check(key, { limit: 5, windowMs: 5_000 });
      expect(refused).toMatchObject({ allowed: false, limit: 5, remaining: 0 });
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expectTimed(refused.retryAfterMs, 5_000, start, 0);
    });

    it("rejects misuse (cost above the limit, non-integers) with RangeError", async () => {
      const key = freshKey();
      await expect(s.limiter.check(key, { limit: 2, windowMs: W }, 3)).rejects.toThrow(RangeError);
      await expect(s.limiter.check(key, { limit: 2, windowMs: W }, 0)).rejects.toThrow(RangeError);
      await expect(s.limiter.check(key, { limit: 1.5, windowMs: W })).rejects.toThrow(RangeError);
    });
  });
}

rateLimiterConformance("memory (fake clock)", () => {
  let now = 1_000_000;
  const limiter = new MemoryRateLimiter({ now: () => now });
  const advance = async (ms: number) => {
    now += ms;
  };
  return { limiter, exactClock: true, advance, now: () => now, jitterMs: 0 };
});

const redisUrl = serviceUrl("CPOD_REDIS_URL");

describe.skipIf(!redisUrl)("redis (CPOD_REDIS_URL)", () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl as string, { maxRetriesPerRequest: 2 });
  });
  afterAll(async () => {
    await redis.quit();
  });
  rateLimiterConformance("redis (server TIME)", () => ({
    limiter: new RedisRateLimiter(redis),
    exactClock: false,
    advance: (ms) => sleep(ms),
    now: () => performance.now(),
    jitterMs: 2, // Redis TIME in µs, rounded up to ms; a timer may fire up to 1 ms early
  }));
});
