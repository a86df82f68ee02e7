import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import {
  assertCheckArgs,
  keySegment,
  type RateLimit,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitKey,
  type RateLimitScope,
  RateLimitStoreError,
} from "../rate-limiter.js";
import { SLIDING_LOG_SCRIPT } from "./sliding-log-script.js";

const SCRIPT_SHA = createHash("sha1").update(SLIDING_LOG_SCRIPT).digest("hex");

/** Tuning; production uses the defaults. */
export interface RedisRateLimiterOptions {
  /** Key prefix; default `cpod:rl:`. */
  prefix?: string;
  /** A store slower than this counts as down (so fail mode decides); default 1000 ms. */
  timeoutMs?: number;
}

/**
 * The shared limiter: every sidecar and gateway replica pointing at one Redis enforces one limit.
 * Each counter is one sorted set, `cpod:rl:{tenant}:app:route`; the `{tenant}` hash tag keeps a
 * tenant's counters on one Redis Cluster slot so a tenant-wide reset scans one node. The check is
 * one Lua script (EVALSHA, falling back to EVAL after a script flush or restart).
 *
 * @example
 *   const limiter = new RedisRateLimiter(new Redis(url));
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #timeoutMs: number;

  constructor(redis: Redis, options: RedisRateLimiterOptions = {}) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? "cpod:rl:";
    this.#timeoutMs = options.timeoutMs ?? 1000;
  }

  async check(key: RateLimitKey, limit: RateLimit, cost = 1): Promise<RateLimitDecision> {
    assertCheckArgs(limit, cost);
    const args = [limit.limit, limit.windowMs * 1000, cost];
    const reply = await this.#store(this.#script(this.#key(key), args));
    const [allowed, remaining, resetUs, retryUs] = reply as [number, number, number, number];
    return {
      allowed: allowed === 1,
      limit: limit.limit,
      remaining,
      resetMs: Math.ceil(resetUs / 1000),
      retryAfterMs: Math.ceil(retryUs / 1000),
    };
  }

  async reset(scope: RateLimitScope): Promise<number> {
    const { tenantId, appId, routeClass } = scope;
    if (appId !== undefined && routeClass !== undefined) {
      return this.#store(this.#redis.unlink(this.#key({ tenantId, appId, routeClass })));
    }
    const app = appId === undefined ? "*" : keySegment(appId);
    const route = routeClass === undefined ? "*" : keySegment(routeClass);
    return this.#unlinkMatching(`${this.#tenantPrefix(tenantId)}${app}:${route}`);
  }

  /** SCAN + UNLINK in batches: never KEYS, which blocks Redis on a large keyspace. */
  async #unlinkMatching(pattern: string): Promise<number> {
    let cursor = "0";
    let cleared = 0;
    do {
      const [next, keys] = await this.#store(
        this.#redis.scan(cursor, "MATCH", pattern, "COUNT", 500),
      );
      if (keys.length > 0) cleared += await this.#store(this.#redis.unlink(...keys));
      cursor = next;
    } while (cursor !== "0");
    return cleared;
  }

  #tenantPrefix(tenantId: string): string {
    return `${this.#prefix}{${keySegment(tenantId)}}:`;
  }

  /** Segments are percent-encoded, so no id can forge a hash tag, a separator or a glob. */
  #key({ tenantId, appId, routeClass }: RateLimitKey): string {
    return `${this.#tenantPrefix(tenantId)}${keySegment(appId)}:${keySegment(routeClass)}`;
  }

  async #script(key: string, args: number[]): Promise<unknown> {
    try {
      return await this.#redis.evalsha(SCRIPT_SHA, 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return this.#redis.eval(SLIDING_LOG_SCRIPT, 1, key, ...args);
    }
  }

  /** Any store failure or timeout becomes RateLimitStoreError, the one case fail mode governs. */
  async #store<T>(pending: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new RateLimitStoreError(`rate limit store: no answer in ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
    });
    try {
      return await Promise.race([pending, timeout]);
    } catch (error) {
      if (error instanceof RateLimitStoreError) throw error;
      throw new RateLimitStoreError(`rate limit store: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}
