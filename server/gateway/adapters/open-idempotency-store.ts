import { Redis } from "ioredis";
import { MemoryIdempotencyStore } from "../idempotency/adapters/memory-idempotency-store.js";
import { RedisIdempotencyStore } from "../idempotency/adapters/redis-idempotency-store.js";
import type { IdempotencyStore } from "../idempotency/index.js";

/**
 * The idempotency store for `CPOD_REDIS_URL` (shared by every gateway replica), else the
 * in-process one. `close` releases what was opened here.
 */
export function openIdempotencyStore(redisUrl: string | undefined): {
  store: IdempotencyStore;
  adapter: string;
  close: () => Promise<void>;
} {
  if (!redisUrl) {
    const store = new MemoryIdempotencyStore();
    return { store, adapter: "in-process", close: () => store.close() };
  }
  const redis = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
  return {
    store: new RedisIdempotencyStore(redis),
    adapter: "redis",
    close: async () => void (await redis.quit().catch(() => redis.disconnect())),
  };
}
