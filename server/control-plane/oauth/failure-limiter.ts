/** Limits on failed client authentications, per sliding window. */
export interface FailureLimits {
  /** Failures allowed per source address per window. */
  perAddress: number;
  /** Failures allowed per client_id per window (addresses that recently succeeded are exempt). */
  perClient: number;
  windowMs: number;
  /** How long an address that authenticated a client stays "known" for it. */
  trustMs?: number;
  /** Memory bound: at most this many keys per map (oldest evicted first). */
  maxKeys?: number;
}

/** A reserved attempt: report how it ended. */
export interface AttemptTicket {
  /** The secret was right: the provisional failure is withdrawn and the address trusted. */
  succeeded(): void;
  /** The secret was wrong: the failure stays counted for the window. */
  failed(): void;
}

/** Refused before any hashing: retry after this many seconds. */
export type Refusal = { retryAfterSecs: number; limit: "address" | "client" };

/** A Map that forgets its oldest keys beyond `max` (insertion order). */
function bounded<V>(map: Map<string, V>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}

/**
 * Counts failed client authentications per source address and per client_id in sliding windows,
 * in memory (each control-plane instance counts its own). An attempt counts as a failure from
 * the moment it is reserved — before Argon2 runs — so a burst of concurrent wrong secrets is cut
 * off at the limit instead of all being verified. An address that authenticated a client is
 * trusted for it and skips that client's limit, so an attacker flooding one client_id from
 * elsewhere cannot lock its real owner out.
 *
 * @example
 *   const ticket = limiter.reserve("203.0.113.9", "app_1");
 *   if ("retryAfterSecs" in ticket) throw rateLimited(ticket.retryAfterSecs);
 */
export class FailureLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #trusted = new Map<string, number>();

  constructor(
    private readonly limits: FailureLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `address` authenticated `clientId` within the trust period. */
  isTrusted(address: string, clientId: string): boolean {
    const until = this.#trusted.get(`${clientId}\n${address}`);
    return until !== undefined && until > this.now();
  }

  /** Reserves an attempt, or refuses it when a limit is reached. */
  reserve(address: string, clientId: string): AttemptTicket | Refusal {
    const now = this.now();
    const keys: [string, number, Refusal["limit"]][] = [
      [`a:${address}`, this.limits.perAddress, "address"],
    ];
    if (!this.isTrusted(address, clientId)) {
      keys.push([`c:${clientId}`, this.limits.perClient, "client"]);
    }
    for (const [key, limit, name] of keys) {
      const log = this.#log(key, now);
      if (log.length >= limit) {
        const oldest = log[0] ?? now;
        return {
          retryAfterSecs: Math.max(1, Math.ceil((oldest + this.limits.windowMs - now) / 1000)),
          limit: name,
        };
      }
    }
    for (const [key] of keys) this.#log(key, now).push(now);
    return {
      succeeded: () => {
        for (const [key] of keys) this.#withdraw(key, now);
        this.#trusted.delete(`${clientId}\n${address}`);
        this.#trusted.set(
          `${clientId}\n${address}`,
          this.now() + (this.limits.trustMs ?? 86_400_000),
        );
        bounded(this.#trusted, this.limits.maxKeys ?? 100_000);
      },
      failed: () => undefined,
    };
  }

  #log(key: string, now: number): number[] {
    const cutoff = now - this.limits.windowMs;
    const log = (this.#failures.get(key) ?? []).filter((t) => t > cutoff);
    this.#failures.delete(key); // re-insert: the Map's order is then least recently used first
    this.#failures.set(key, log);
    bounded(this.#failures, this.limits.maxKeys ?? 100_000);
    return log;
  }

  #withdraw(key: string, at: number): void {
    const log = this.#failures.get(key);
    const index = log?.indexOf(at) ?? -1;
    if (log && index >= 0) log.splice(index, 1);
  }
}
