/**
 * The token deny-list: what RevokeToken and RevokeAppTokens write and the last check of
 * ValidateToken reads. Two kinds of entry:
 *
 * - `jti`: one token, by its `jti` claim, until its `exp`.
 * - `app`: every token of one app whose `iat` is at or before `issuedBefore`, until every such
 *   token has expired. Client-credentials tokens are recorded nowhere, so deleting an app can only
 *   reach them this way.
 *
 * The durable copy ({@link DenyListStore}) is the source of truth; each sidecar reads a replica
 * of it in memory (see deny-list-replica.ts), so validation never waits on a store.
 */

/** One deny-list entry as stored. Times are epoch milliseconds except `issuedBefore`. */
export interface DenyEntry {
  kind: "jti" | "app";
  /** The `jti` (kind `jti`) or the app id (kind `app`). */
  subject: string;
  tenantId: string;
  /** Kind `app`: tokens with `iat` (epoch seconds) at or before this are denied; else 0. */
  issuedBefore: number;
  /** When every token the entry covers has expired (epoch ms); the entry may go after that. */
  expiresAt: number;
}

/** An entry read back, with its place in the store's order. */
export interface StoredDenyEntry extends DenyEntry {
  /** Strictly increasing in commit order, so `since(seq)` never skips a committed entry. */
  seq: number;
}

/**
 * The deny-list's durable store: shared by every sidecar replica and surviving restarts of any
 * cache. One adapter (SQL on PostgreSQL, configured or embedded) plus an in-process one for tests,
 * both under test/conformance/deny-list-store.test.ts.
 *
 * @example
 *   await store.add({ kind: "jti", subject: jti, tenantId, issuedBefore: 0, expiresAt: exp * 1000 });
 *   const fresh = await store.since(lastSeq, 1000);
 */
export interface DenyListStore {
  /**
   * Records `entry` unless a live entry already covers it (same subject, an `issuedBefore` and an
   * `expiresAt` at least as late). Returns true when it was recorded.
   */
  add(entry: DenyEntry, nowMs: number): Promise<boolean>;
  /** Entries with `seq` above `after`, in `seq` order, at most `limit` of them. */
  since(after: number, limit: number): Promise<StoredDenyEntry[]>;
  /** Deletes entries that expired before `beforeMs`; returns how many. */
  sweep(beforeMs: number): Promise<number>;
}

/** What the validator knows about a token when it asks the deny-list. */
export interface DeniableToken {
  jti: string;
  appId: string;
  /** Issue time, epoch seconds. */
  iat: number;
}

/**
 * The read side the validator uses: answered from memory, no I/O. Throws a SidecarError
 * `unavailable` when the answer cannot be trusted (see DenyListReplica's fail mode).
 */
export interface DenyList {
  isDenied(token: DeniableToken): boolean;
}
