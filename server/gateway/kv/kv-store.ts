/** What an adapter keeps per key: the serialized JSON value plus its version and expiry. */
export interface KvRecord {
  /** The value as JSON text (the service serializes and size-checks it). */
  json: string;
  /** 1 on create, +1 on every write (put or incr). */
  version: number;
  /** Epoch milliseconds when the entry disappears, or `null` for never. */
  expiresAt: number | null;
}

/** A key without its value, for listings. */
export interface KvKeyInfo {
  /** The storage key minus the scope prefix, i.e. what the client named. */
  key: string;
  version: number;
  expiresAt: number | null;
}

/** One page of a listing; `next` is the last key returned when more may follow. */
export interface KvKeyPage {
  items: KvKeyInfo[];
  next: string | null;
}

/**
 * The outcome of a conditional write: the new record, or `stale` when `ifVersion` did not match
 * (the service turns that into `precondition_failed`).
 */
export type KvWriteResult = { ok: true; record: KvRecord } | { ok: false; reason: "stale" };

/** Put options. `ifVersion: 0` means "only if absent"; `ttlMs` absent clears any old expiry. */
export interface KvPutOptions {
  ttlMs?: number | undefined;
  ifVersion?: number | undefined;
}

/**
 * The KV store port. Keys are full storage keys built by `storageKey(scope, key)`, so an adapter
 * never sees (or has to trust) a client-chosen namespace. Every write is atomic on its own —
 * compare-and-set and increments included — across any number of gateway replicas sharing the
 * store.
 *
 * Adapters: `RedisKvStore` (production, Lua scripts) and `MemoryKvStore` (embedded).
 * `test/conformance/kv-store.test.ts` holds both to the same behaviour.
 *
 * @example
 *   const r = await store.put("cpod:kv:{t}:shared:_:flag", "true", { ifVersion: 0 });
 */
export interface KvStore {
  /** The live record, or `null` when missing or expired. */
  get(key: string): Promise<KvRecord | null>;
  /** Creates or replaces, bumping the version; `stale` when `ifVersion` does not match. */
  put(key: string, json: string, options: KvPutOptions): Promise<KvWriteResult>;
  /**
   * Adds `by` to an integer value (missing counts as 0, created without expiry, an existing
   * expiry is kept). Answers the new value, or `not_integer` / `out_of_range`.
   */
  incr(
    key: string,
    by: number,
  ): Promise<{ ok: true; value: number } | { ok: false; reason: "not_integer" | "out_of_range" }>;
  /** Deletes; with `ifVersion`, only at that version (`false` when stale). Missing is `true`. */
  delete(key: string, ifVersion?: number): Promise<boolean>;
  /**
   * Keys under `scopePrefix + prefix`, in lexicographic order, strictly after `after` (a key
   * without the scope prefix), at most `limit`.
   */
  list(
    scopePrefix: string,
    prefix: string,
    after: string | null,
    limit: number,
  ): Promise<KvKeyPage>;
  /** Releases connections the adapter owns (none for adapters given a client). */
  close(): Promise<void>;
}

/** Largest integer a JSON number (a JS double) holds exactly; incr results must stay within. */
export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
