import type { Redis } from "ioredis";
import {
  type Claim,
  type HeldKey,
  heldClaim,
  type IdempotencyStore,
  type StoredResponse,
} from "../idempotency-store.js";

/** Deletes the key only while it is still a running claim, never a stored response. */
const RELEASE = `
local v = redis.call('GET', KEYS[1])
if v and not string.find(v, '"response"', 1, true) then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * The production adapter: one Redis string per key. `SET NX PX` makes the claim atomic across
 * gateway replicas; a claim left by a crashed gateway expires after `runningTtlMs`, so a key is
 * never stuck. Keys carry the `cpod:idem:` namespace and the caller's tenant scope.
 * The client is owned by the composition root.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "cpod:idem:",
  ) {}

  async claim(key: string, fingerprint: string, runningTtlMs: number): Promise<Claim> {
    const name = this.prefix + key;
    const value = JSON.stringify({ fingerprint } satisfies HeldKey);
    for (let attempt = 0; attempt < 3; attempt++) {
      if ((await this.redis.set(name, value, "PX", runningTtlMs, "NX")) === "OK") {
        return { kind: "claimed" };
      }
      const raw = await this.redis.get(name);
      if (raw === null) continue; // expired between SET and GET: try to take it again
      return heldClaim(JSON.parse(raw) as HeldKey);
    }
    throw new Error("idempotency key flapped between claim and read three times");
  }

  async complete(
    key: string,
    fingerprint: string,
    response: StoredResponse,
    ttlMs: number,
  ): Promise<void> {
    const value = JSON.stringify({ fingerprint, response } satisfies HeldKey);
    await this.redis.set(this.prefix + key, value, "PX", ttlMs);
  }

  async release(key: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.prefix + key);
  }

  async close(): Promise<void> {}
}
