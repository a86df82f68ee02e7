// What only the Redis adapter does: its key layout and expiry, atomicity under concurrent
// clients, and surviving a flushed script cache (on a private server, not the shared one).
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisRateLimiter } from "../../../sidecar/ratelimit/adapters/redis-rate-limiter.js";
import { serviceUrl } from "../../helpers/services.js";
import { hasRedisServer, startRedis, type ThrowawayRedis } from "./throwaway-redis.js";

const url = serviceUrl("CPOD_REDIS_URL");

describe.skipIf(!url)("RedisRateLimiter (CPOD_REDIS_URL)", () => {
  const clients: Redis[] = [];
  beforeAll(() => {
    for (let i = 0; i < 4; i++) clients.push(new Redis(url as string, { maxRetriesPerRequest: 2 }));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
  });

  it("stores a counter under cpod:rl:{tenant}:app:route, expiring with its window", async () => {
    const tenantId = `t-${randomUUID()}`;
    const limiter = new RedisRateLimiter(clients[0] as Redis);
    await limiter.check(
      { tenantId, appId: "my app", routeClass: "default" },
      { limit: 3, windowMs: 2_000 },
    );
    const key = `cpod:rl:{${tenantId}}:my%20app:default`;
    expect(await clients[0]?.type(key)).toBe("zset");
    const ttl = (await clients[0]?.pttl(key)) ?? 0;
    expect(ttl).toBeGreaterThan(1_000);
    expect(ttl).toBeLessThanOrEqual(2_000);
  });

  it("admits exactly the limit when many clients race on one counter", async () => {
    const key = { tenantId: `t-${randomUUID()}`, appId: "a", routeClass: "default" };
    const limiters = clients.map((c) => new RedisRateLimiter(c));
    const calls = Array.from({ length: 200 }, (_, i) =>
      limiters[i % limiters.length]?.check(key, { limit: 50, windowMs: 10_000 }),
    );
    const decisions = await Promise.all(calls);
    expect(decisions.filter((d) => d?.allowed).length).toBe(50);
    expect(decisions.filter((d) => d?.remaining === 0).length).toBe(151);
  });
});

describe.skipIf(!hasRedisServer)(
  "RedisRateLimiter after SCRIPT FLUSH (private redis-server)",
  () => {
    let server: ThrowawayRedis;
    let redis: Redis;
    beforeAll(async () => {
      server = await startRedis();
      redis = new Redis(server.url);
    });
    afterAll(async () => {
      redis?.disconnect();
      await server?.stop();
    });

    it("falls back from EVALSHA to EVAL when the script cache is empty", async () => {
      const limiter = new RedisRateLimiter(redis);
      const key = { tenantId: "t", appId: "a", routeClass: "default" };
      expect((await limiter.check(key, { limit: 2, windowMs: 5_000 })).remaining).toBe(1);
      await redis.script("FLUSH");
      expect((await limiter.check(key, { limit: 2, windowMs: 5_000 })).remaining).toBe(0);
    });
  },
);
