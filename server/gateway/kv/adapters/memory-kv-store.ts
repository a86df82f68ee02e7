import type { KvKeyPage, KvPutOptions, KvRecord, KvStore, KvWriteResult } from "../kv-store.js";
import { MAX_SAFE } from "../kv-store.js";

/** Integer JSON text of at most 16 digits: what incr accepts as an existing value. */
const INTEGER_JSON = /^(0|-?[1-9][0-9]{0,15})$/;

/**
 * The embedded KV adapter: a Map in this process, with lazy expiry. Every method reads and
 * writes without an `await` in between, so each call is atomic under Node's single thread —
 * the same guarantee the Redis adapter gets from Lua. Data is lost on restart, which is what an
 * embedded dev store promises.
 *
 * @example
 *   const store = new MemoryKvStore({ now: () => frozen });
 */
export class MemoryKvStore implements KvStore {
  readonly #entries = new Map<string, KvRecord>();
  readonly #now: () => number;

  /** `now` is injectable so TTL tests need no real clock. */
  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  #live(key: string): KvRecord | null {
    const record = this.#entries.get(key);
    if (!record) return null;
    if (record.expiresAt !== null && record.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return null;
    }
    return record;
  }

  async get(key: string): Promise<KvRecord | null> {
    const record = this.#live(key);
    return record ? { ...record } : null;
  }

  async put(key: string, json: string, options: KvPutOptions): Promise<KvWriteResult> {
    const version = this.#live(key)?.version ?? 0;
    if (options.ifVersion !== undefined && options.ifVersion !== version)
      return { ok: false, reason: "stale" };
    const expiresAt = options.ttlMs === undefined ? null : this.#now() + options.ttlMs;
    const record = { json, version: version + 1, expiresAt };
    this.#entries.set(key, record);
    return { ok: true, record: { ...record } };
  }

  async incr(key: string, by: number) {
    const current = this.#live(key);
    if (current && !INTEGER_JSON.test(current.json))
      return { ok: false as const, reason: "not_integer" as const };
    const value = (current ? Number(current.json) : 0) + by;
    if (!Number.isSafeInteger(value) || Math.abs(value) > MAX_SAFE)
      return { ok: false as const, reason: "out_of_range" as const };
    const version = (current?.version ?? 0) + 1;
    this.#entries.set(key, { json: String(value), version, expiresAt: current?.expiresAt ?? null });
    return { ok: true as const, value };
  }

  async delete(key: string, ifVersion?: number): Promise<boolean> {
    const current = this.#live(key);
    if (!current) return true;
    if (ifVersion !== undefined && current.version !== ifVersion) return false;
    this.#entries.delete(key);
    return true;
  }

  async list(
    scopePrefix: string,
    prefix: string,
    after: string | null,
    limit: number,
  ): Promise<KvKeyPage> {
    const full = scopePrefix + prefix;
    const keys: string[] = [];
    for (const key of [...this.#entries.keys()]) {
      if (!key.startsWith(full) || !this.#live(key)) continue;
      const own = key.slice(scopePrefix.length);
      if (after === null || own > after) keys.push(own);
    }
    keys.sort();
    const page = keys.slice(0, limit);
    const items = page.map((key) => {
      const { version, expiresAt } = this.#entries.get(scopePrefix + key) as KvRecord;
      return { key, version, expiresAt };
    });
    return { items, next: keys.length > limit ? (page.at(-1) ?? null) : null };
  }

  async close(): Promise<void> {}
}
