import { Redis } from "ioredis";
import { MemoryRateLimiter } from "../../sidecar/ratelimit/adapters/memory-rate-limiter.js";
import { RedisRateLimiter } from "../../sidecar/ratelimit/adapters/redis-rate-limiter.js";
import type { RateLimiter } from "../../sidecar/ratelimit/rate-limiter.js";
import type { BenchOptions } from "../lib/options.js";
import { interleave, pick } from "../lib/pairs.js";
import { type Row, skipped, targetAtLeast } from "../lib/rows.js";
import { spread } from "../lib/stats.js";

const CONCURRENCY = 64;
/** Never refuses during the run, so every check does the full sliding-log work. */
const LIMIT = { limit: 1_000_000_000, windowMs: 1_000 };

/** Checks kept `CONCURRENCY` deep for `seconds` on one hot counter; answers checks per second. */
async function checks(limiter: RateLimiter, seconds: number) {
  const key = { tenantId: "ten_bench", appId: `app_${process.pid}`, routeClass: "get_kv" };
  let done = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const d = await limiter.check(key, LIMIT);
      if (!d.allowed) throw new Error("rate-limit bench: a check was refused");
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { perSec: done / ((performance.now() - start) / 1000) };
}

/**
 * Rate limiter (issue #8 item 1): checks per second of the sliding-window log against Redis (B,
 * one Lua script per check, shared by every replica) vs the in-process limiter (A).
 */
export async function rateLimitComparison(opts: BenchOptions, redisUrl?: string): Promise<Row[]> {
  if (!redisUrl)
    return [
      skipped(
        "ratelimit-redis",
        "rate-limit checks/s, Redis",
        "CPOD_REDIS_URL unset and services did not start",
      ),
    ];
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const prefix = `cpod:bench:${process.pid}:`;
  try {
    const memory = new MemoryRateLimiter();
    const shared = new RedisRateLimiter(redis, { prefix });
    await checks(memory, 0.5);
    await checks(shared, 0.5);
    const runs = await interleave(
      opts.pairs,
      () => checks(memory, opts.microSecs),
      () => checks(shared, opts.microSecs),
    );
    const b = pick(runs.b, "perSec");
    return [
      {
        id: "ratelimit-redis",
        what: `rate-limit checks/s, one hot counter (${CONCURRENCY} in flight)`,
        unit: "/s",
        a: { label: "in-process", values: pick(runs.a, "perSec") },
        b: { label: "Redis (Lua)", values: b },
        relation: "ratio",
        target: targetAtLeast(spread(b).median, 10_000, "Redis ≥ 10,000/s", "/s"),
      },
    ];
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.unlink(...keys);
    redis.disconnect();
  }
}
