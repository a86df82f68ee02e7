import { Redis } from "ioredis";
import { redisOutage } from "../../../lib/driver-outages.js";
import { guardStore } from "../../../lib/store-unavailable.js";
import { MemoryIdempotencyStore } from "../idempotency/adapters/memory-idempotency-store.js";
import { RedisIdempotencyStore } from "../idempotency/adapters/redis-idempotency-store.js";
import type { IdempotencyStore } from "../idempotency/index.js";
import type { OpenedStore } from "./open-data-stores.js";
import { REDIS_OPTIONS } from "./store-timeouts.js";

/**
 * The idempotency store for `CPOD_REDIS_URL` (shared by every gateway replica), else the
 * in-process one. `close` releases what was opened here. Redis is connected before this
 * resolves: with no offline queue (REDIS_OPTIONS) a command sent earlier would fail.
 */
export async function openIdempotencyStore(
  redisUrl: string | undefined,
): Promise<OpenedStore<IdempotencyStore>> {
  if (!redisUrl) {
    const store = new MemoryIdempotencyStore();
    return { store, adapter: "in-process", check: undefined, close: () => store.close() };
  }
  const redis = new Redis(redisUrl, { ...REDIS_OPTIONS, lazyConnect: true });
  // Reconnect failures are not logged one by one: each request they fail is (as a 503).
  redis.on("error", () => {});
  await redis.connect();
  return {
    store: guardStore("idempotency", redisOutage, new RedisIdempotencyStore(redis)),
    adapter: "redis",
    check: async () => void (await redis.ping()),
    close: async () => void (await redis.quit().catch(() => redis.disconnect())),
  };
}
