import type { RateLimit, RateLimitDecision } from "./rate-limiter.js";

/**
 * One counter's sliding-window log, in process: the admissions of the last window, oldest first.
 * This is the algorithm the Redis Lua script runs too (see adapters/redis-rate-limiter.lua.ts),
 * kept pure and clock-free so the memory adapter and its tests drive time explicitly.
 *
 * An entry at time `t` leaves the window at `t + windowMs`; a request fits when the units still
 * in the window plus its cost are at most the limit.
 *
 * @example
 *   const log = new SlidingLog();
 *   log.take(0, { limit: 2, windowMs: 1000 }, 1); // allowed, remaining 1
 */
export class SlidingLog {
  #times: number[] = [];
  #costs: number[] = [];
  #head = 0;
  #used = 0;

  /** When the newest admission happened, or undefined when the log is empty. */
  get newest(): number | undefined {
    return this.#head < this.#times.length ? this.#times[this.#times.length - 1] : undefined;
  }

  /** Admits `cost` units at `now` if they fit; a refusal changes nothing but expiry. */
  take(now: number, { limit, windowMs }: RateLimit, cost: number): RateLimitDecision {
    this.#trim(now - windowMs);
    let retry = 0;
    const allowed = this.#used + cost <= limit;
    if (allowed) this.#push(now, cost);
    else retry = this.#freedAt(this.#used + cost - limit) + windowMs - now;
    const newest = this.newest;
    const reset = newest === undefined ? 0 : newest + windowMs - now;
    return {
      allowed,
      limit,
      remaining: Math.max(limit - this.#used, 0), // below 0 only after a plan downgrade
      resetMs: Math.ceil(reset),
      retryAfterMs: Math.ceil(retry),
    };
  }

  /** True when every entry has left a window of `windowMs` ending at `now` (safe to drop). */
  isIdle(now: number, windowMs: number): boolean {
    const newest = this.newest;
    return newest === undefined || newest <= now - windowMs;
  }

  #push(now: number, cost: number): void {
    this.#times.push(now);
    this.#costs.push(cost);
    this.#used += cost;
  }

  /** Drops entries at or before `cutoff`, compacting the arrays once half of them is dead. */
  #trim(cutoff: number): void {
    while (this.#head < this.#times.length && (this.#times[this.#head] as number) <= cutoff) {
      this.#used -= this.#costs[this.#head] as number;
      this.#head++;
    }
    if (this.#head > 64 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#costs = this.#costs.slice(this.#head);
      this.#head = 0;
    }
  }

  /** The time of the entry whose expiry frees `need` units (cost ≤ limit guarantees one exists). */
  #freedAt(need: number): number {
    let freed = 0;
    for (let i = this.#head; i < this.#times.length; i++) {
      freed += this.#costs[i] as number;
      if (freed >= need) return this.#times[i] as number;
    }
    throw new RangeError("cost exceeds the limit");
  }
}
