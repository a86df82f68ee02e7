// Smoke test: the `ioredis` driver against the real Redis started by scripts/services.sh.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceUrl } from "../helpers/services.js";

const url = serviceUrl("CPOD_REDIS_URL");

describe.skipIf(!url)("redis (CPOD_REDIS_URL)", () => {
  const prefix = `smoke:${randomUUID()}:`;
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(url as string, { lazyConnect: false, maxRetriesPerRequest: 2 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it("sets a key with a TTL", async () => {
    expect(await redis.set(`${prefix}k`, "v", "PX", 60_000)).toBe("OK");
    expect(await redis.get(`${prefix}k`)).toBe("v");
    const ttl = await redis.pttl(`${prefix}k`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it("runs a Lua script atomically (EVAL)", async () => {
    // Fixed-window counter: INCR and set the expiry on first hit, as a rate limiter would.
    const script = `
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      return {n, redis.call('PTTL', KEYS[1])}`;
    const key = `${prefix}window`;
    const first = (await redis.eval(script, 1, key, "5000")) as [number, number];
    const second = (await redis.eval(script, 1, key, "5000")) as [number, number];
    expect(first[0]).toBe(1);
    expect(second[0]).toBe(2);
    expect(second[1]).toBeGreaterThan(0);
    expect(second[1]).toBeLessThanOrEqual(5000);
  });
});
