import {
  assertCheckArgs,
  inScope,
  keySegment,
  type RateLimit,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitKey,
  type RateLimitScope,
} from "../rate-limiter.js";
import { SlidingLog } from "../sliding-log.js";

/** Options for tests and tuning; production uses the defaults. */
export interface MemoryRateLimiterOptions {
  /** Milliseconds, monotonic. Tests inject a fake clock instead of sleeping. */
  now?: () => number;
  /** How often (at most) idle counters are swept, piggybacked on `check`; default 60 s. */
  sweepEveryMs?: number;
}

interface Counter {
  key: RateLimitKey;
  log: SlidingLog;
  windowMs: number;
}

/**
 * The in-process limiter for embedded mode (`cpod dev`, one process): the same sliding-window log
 * as the Redis adapter, so both pass one conformance suite. JavaScript runs `check` to completion
 * without awaiting, so each check is atomic. Idle counters are swept during checks (no timers to
 * keep the process alive or to close).
 *
 * @example
 *   const limiter = new MemoryRateLimiter();
 *   await limiter.check({ tenantId: "t", appId: "a", routeClass: "default" }, { limit: 100, windowMs: 10_000 });
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #counters = new Map<string, Counter>();
  readonly #clock: () => number;
  readonly #sweepEveryMs: number;
  #last = Number.NEGATIVE_INFINITY;
  #nextSweep = Number.NEGATIVE_INFINITY;

  constructor(options: MemoryRateLimiterOptions = {}) {
    this.#clock = options.now ?? (() => performance.timeOrigin + performance.now());
    this.#sweepEveryMs = options.sweepEveryMs ?? 60_000;
  }

  /** How many counters are held (idle ones disappear on the next sweep). */
  get size(): number {
    return this.#counters.size;
  }

  async check(key: RateLimitKey, limit: RateLimit, cost = 1): Promise<RateLimitDecision> {
    assertCheckArgs(limit, cost);
    const now = this.#now();
    this.#sweep(now);
    const id = [key.tenantId, keySegment(key.appId), key.routeClass].join(":");
    let counter = this.#counters.get(id);
    if (!counter) {
      counter = { key: { ...key }, log: new SlidingLog(), windowMs: limit.windowMs };
      this.#counters.set(id, counter);
    }
    counter.windowMs = limit.windowMs;
    return counter.log.take(now, limit, cost);
  }

  async reset(scope: RateLimitScope): Promise<number> {
    let cleared = 0;
    for (const [id, counter] of this.#counters) {
      if (!inScope(scope, counter.key)) continue;
      if (!counter.log.isIdle(this.#now(), counter.windowMs)) cleared++;
      this.#counters.delete(id);
    }
    return cleared;
  }

  /** The clock, never running backwards (a stepped clock must not resurrect expired entries). */
  #now(): number {
    this.#last = Math.max(this.#last, this.#clock());
    return this.#last;
  }

  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + this.#sweepEveryMs;
    for (const [id, counter] of this.#counters) {
      if (counter.log.isIdle(now, counter.windowMs)) this.#counters.delete(id);
    }
  }
}
