import type { RevocationList } from "../revocation-list.js";

/** How often `revoke` sweeps out expired entries. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * The deny-list in process, for the embedded mode (no `CPOD_REDIS_URL`). Expired entries are
 * ignored on read and swept on write at most once a minute, with no timer that would keep the
 * process alive.
 *
 * @example
 *   const revocations = new MemoryRevocationList();
 */
export class MemoryRevocationList implements RevocationList {
  /** jti → expiry in epoch milliseconds. */
  readonly #entries = new Map<string, number>();
  readonly #now: () => number;
  #nextSweep = 0;

  /** `now` (epoch ms) is injectable so tests need not wait for a real expiry. */
  constructor(opts: { now?: () => number } = {}) {
    this.#now = opts.now ?? Date.now;
  }

  async revoke(jti: string, expEpochSecs: number): Promise<void> {
    const now = this.#now();
    this.#sweep(now);
    const expMs = Math.ceil(expEpochSecs) * 1000;
    if (!Number.isFinite(expMs) || expMs <= now) return;
    this.#entries.set(jti, Math.max(expMs, this.#entries.get(jti) ?? 0));
  }

  async isRevoked(jti: string): Promise<boolean> {
    const expMs = this.#entries.get(jti);
    if (expMs === undefined) return false;
    if (expMs > this.#now()) return true;
    this.#entries.delete(jti);
    return false;
  }

  /** Entries currently held, expired or not; for tests of eviction. */
  get size(): number {
    return this.#entries.size;
  }

  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + SWEEP_INTERVAL_MS;
    for (const [jti, expMs] of this.#entries) if (expMs <= now) this.#entries.delete(jti);
  }
}
