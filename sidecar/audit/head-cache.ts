import type { ChainHead } from "./chain.js";

/**
 * The last head each tenant's appends saw in this process, bounded (least recently used goes
 * first). Only a hint: the store's compare-and-set still decides, and a stale entry costs one
 * failed insert and a re-read. It spares a head query per append, which matters on
 * MongoDB-compatible servers that sort without indexes (FerretDB), and lets the SQL store write
 * a batch in one statement instead of a six-statement transaction.
 *
 * @example
 *   cache.set("acme", record); cache.get("acme") // { sequence_id, record_hash }
 */
export class HeadCache {
  readonly #heads = new Map<string, ChainHead>();
  readonly #max: number;

  constructor(max = 10_000) {
    this.#max = max;
  }

  get(tenantId: string): ChainHead | undefined {
    return this.#heads.get(tenantId);
  }

  set(tenantId: string, head: ChainHead): void {
    this.#heads.delete(tenantId);
    this.#heads.set(tenantId, { sequence_id: head.sequence_id, record_hash: head.record_hash });
    if (this.#heads.size > this.#max) {
      const oldest = this.#heads.keys().next().value;
      if (oldest !== undefined) this.#heads.delete(oldest);
    }
  }

  delete(tenantId: string): void {
    this.#heads.delete(tenantId);
  }
}
