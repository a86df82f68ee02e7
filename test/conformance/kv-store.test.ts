// One conformance suite for the KvStore port, run against every adapter: MemoryKvStore
// (embedded) and RedisKvStore on the real Redis from scripts/services.sh.
import { Redis } from "ioredis";
import { describe } from "vitest";
import { MemoryKvStore } from "../../server/gateway/kv/adapters/memory-kv-store.js";
import { RedisKvStore } from "../../server/gateway/kv/adapters/redis-kv-store.js";
import { kvStoreConformance } from "../gateway/kv/kv-suite.js";
import { serviceUrl } from "../helpers/services.js";

kvStoreConformance("MemoryKvStore (embedded)", async () => ({
  store: new MemoryKvStore(),
  cleanup: async () => {},
}));

const redisUrl = serviceUrl("CPOD_REDIS_URL");
describe.skipIf(!redisUrl)("real Redis (CPOD_REDIS_URL)", () => {
  kvStoreConformance("RedisKvStore on Redis", async () => {
    const redis = new Redis(serviceUrl("CPOD_REDIS_URL") as string, { lazyConnect: true });
    await redis.connect();
    const cleanup = async (tenants: string[]) => {
      for (const tenant of tenants) {
        // The suite's tenants are unique per run; remove what it wrote (SCAN, never KEYS).
        const stream = redis.scanStream({ match: `cpod:kv:{${tenant}}:*`, count: 500 });
        for await (const keys of stream)
          if ((keys as string[]).length) await redis.del(...(keys as string[]));
      }
      redis.disconnect();
    };
    return { store: new RedisKvStore(redis), cleanup };
  });
});
