import type { DenyEntry, DenyListStore, StoredDenyEntry } from "../deny-list.js";

/**
 * The deny-list store in process: the reference the SQL adapter is held to by the conformance
 * suite, and the store of unit tests. Not used by a running sidecar (it always has a SQL
 * database); several replicas built on one instance behave like sidecars sharing PostgreSQL.
 * `failing` makes every call reject, to stand in for an unreachable database.
 *
 * @example
 *   const store = new MemoryDenyListStore();
 */
export class MemoryDenyListStore implements DenyListStore {
  readonly #entries: StoredDenyEntry[] = [];
  #seq = 0;
  /** While true, every call rejects as a lost database connection would. */
  failing = false;

  async add(entry: DenyEntry, nowMs: number): Promise<boolean> {
    this.#check();
    const covered = this.#entries.some(
      (e) =>
        e.kind === entry.kind &&
        e.subject === entry.subject &&
        e.issuedBefore >= entry.issuedBefore &&
        e.expiresAt >= entry.expiresAt &&
        e.expiresAt > nowMs,
    );
    if (covered) return false;
    this.#entries.push({ ...entry, seq: ++this.#seq });
    return true;
  }

  async since(after: number, limit: number): Promise<StoredDenyEntry[]> {
    this.#check();
    return this.#entries.filter((e) => e.seq > after).slice(0, limit);
  }

  async sweep(beforeMs: number): Promise<number> {
    this.#check();
    const before = this.#entries.length;
    const kept = this.#entries.filter((e) => e.expiresAt >= beforeMs);
    this.#entries.splice(0, this.#entries.length, ...kept);
    return before - kept.length;
  }

  /** Entries held, expired or not; for tests of the sweep. */
  get size(): number {
    return this.#entries.length;
  }

  #check(): void {
    if (this.failing) throw new Error("deny-list store unreachable");
  }
}
