import type { Redis } from "ioredis";
import type { RevocationList } from "../revocation-list.js";

/** Key prefix of deny-list entries; the value is a marker, the key's expiry is the token's. */
export const REVOKED_KEY_PREFIX = "cpod:revoked:";

/**
 * The deny-list in Redis, shared by every sidecar replica. Each entry is one key that Redis
 * expires at the token's own `exp` (`SET … EXAT`), so no sweeper is needed and a revocation is
 * visible to all replicas at once.
 *
 * @example
 *   const revocations = new RedisRevocationList(new Redis(process.env.CPOD_REDIS_URL));
 */
export class RedisRevocationList implements RevocationList {
  constructor(private readonly redis: Redis) {}

  async revoke(jti: string, expEpochSecs: number): Promise<void> {
    const exp = Math.ceil(expEpochSecs);
    // An expired token needs no entry; EXAT in the past would delete the key anyway.
    if (!Number.isFinite(exp) || exp * 1000 <= Date.now()) return;
    await this.redis.set(REVOKED_KEY_PREFIX + jti, "1", "EXAT", exp);
  }

  async isRevoked(jti: string): Promise<boolean> {
    return (await this.redis.exists(REVOKED_KEY_PREFIX + jti)) === 1;
  }
}
