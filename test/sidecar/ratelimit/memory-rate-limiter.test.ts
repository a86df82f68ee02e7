// What only the in-process adapter does: sweep idle counters (the conformance suite covers the
// algorithm), with a fake clock.
import { describe, expect, it } from "vitest";
import { MemoryRateLimiter } from "../../../sidecar/ratelimit/adapters/memory-rate-limiter.js";

const key = (appId: string) => ({ tenantId: "t", appId, routeClass: "default" });

describe("MemoryRateLimiter", () => {
  it("evicts counters whose entries have all left their window", async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ now: () => now, sweepEveryMs: 1_000 });
    await limiter.check(key("short"), { limit: 5, windowMs: 500 });
    await limiter.check(key("long"), { limit: 5, windowMs: 60_000 });
    expect(limiter.size).toBe(2);
    now = 1_000;
    await limiter.check(key("long"), { limit: 5, windowMs: 60_000 });
    expect(limiter.size).toBe(1);
  });

  it("does not let a clock that steps back resurrect or extend entries", async () => {
    let now = 10_000;
    const limiter = new MemoryRateLimiter({ now: () => now });
    const limit = { limit: 1, windowMs: 1_000 };
    await limiter.check(key("a"), limit);
    now = 11_000;
    expect((await limiter.check(key("a"), limit)).allowed).toBe(true);
    now = 5_000; // stepped back: treated as 11 000
    expect(await limiter.check(key("a"), limit)).toMatchObject({
      allowed: false,
      retryAfterMs: 1_000,
    });
  });
});
