import {
  type Claim,
  type HeldKey,
  heldClaim,
  type IdempotencyStore,
  type StoredResponse,
} from "../idempotency-store.js";

interface Entry extends HeldKey {
  expiresAt: number;
}

/**
 * The embedded adapter: a Map with expiry, swept as it is used. Claims are atomic because the
 * event loop runs one `claim` at a time. Entries live only as long as the process.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  #lastSweep = 0;

  constructor(opts: { now?: () => number } = {}) {
    this.#now = opts.now ?? Date.now;
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Drops expired entries at most once a minute, so memory follows live keys only. */
  #sweep(): void {
    const now = this.#now();
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
  }

  async claim(key: string, fingerprint: string, runningTtlMs: number): Promise<Claim> {
    this.#sweep();
    const entry = this.#live(key);
    if (!entry) {
      this.#entries.set(key, { fingerprint, expiresAt: this.#now() + runningTtlMs });
      return { kind: "claimed" };
    }
    return heldClaim(entry);
  }

  async complete(
    key: string,
    fingerprint: string,
    response: StoredResponse,
    ttlMs: number,
  ): Promise<void> {
    this.#entries.set(key, { fingerprint, response, expiresAt: this.#now() + ttlMs });
  }

  async release(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    if (entry && !entry.response) this.#entries.delete(key);
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }
}
