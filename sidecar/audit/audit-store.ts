import { SidecarError } from "../errors/sidecar-error.js";
import type { ChainHead, SealedRecord } from "./chain.js";

/**
 * Builds the record that goes right after `head`. Stores call it inside their per-tenant
 * compare-and-set and call it again with the new head when another emitter took the position, so
 * it must be pure (see `sealRecord`).
 */
export type RecordBuilder = (head: ChainHead) => SealedRecord;

/** What `append` did: stored a new link, or found the one an earlier call with the key stored. */
export interface AppendResult {
  record: SealedRecord;
  deduplicated: boolean;
}

/** One page of a tenant's chain for Query; every filter is optional except the tenant. */
export interface AuditQuery {
  tenantId: string;
  /** Inclusive lower time bound, a normalized audit timestamp (see timestamps.ts). */
  from?: string;
  /** Exclusive upper time bound, a normalized audit timestamp. */
  to?: string;
  action?: string;
  /** Only records with a greater sequence id (keyset paging); 0 for the first page. */
  afterSequence: number;
  limit: number;
}

/**
 * The audit chain port (DESIGN.md §3, §7). Adapters own the one hard guarantee: per tenant,
 * sequence ids 1..n with no gap and no fork, even with several sidecar processes appending to one
 * database at once. Records are immutable once appended.
 *
 * @example
 *   const { record } = await store.append("acme", (head) => sealRecord("acme", entry, head));
 */
export interface AuditStore {
  /**
   * Appends `build(head)` at `head.sequence_id + 1` atomically. With `dedupKey`, a second call
   * with the same tenant and key returns the first call's record and appends nothing.
   */
  append(
    tenantId: string,
    build: RecordBuilder,
    opts?: { dedupKey?: string },
  ): Promise<AppendResult>;
  /** Records matching `query`, ascending by sequence id, at most `query.limit`. */
  query(query: AuditQuery): Promise<SealedRecord[]>;
  /** Up to `limit` records with sequence id > `afterSequence`, ascending; Verify streams with it. */
  range(tenantId: string, afterSequence: number, limit: number): Promise<SealedRecord[]>;
  /** Resolves when the backing database answers (readiness). */
  ping(): Promise<void>;
  /** Releases connections the store opened itself. */
  close(): Promise<void>;
}

/**
 * Calls `build(head)` and refuses a record that is not the next link of `tenantId`'s chain, so
 * a faulty builder fails loudly instead of writing a record Verify would reject.
 */
export function nextLink(build: RecordBuilder, tenantId: string, head: ChainHead): SealedRecord {
  const record = build(head);
  const sequence = head.sequence_id + 1;
  if (
    record.tenant_id !== tenantId ||
    record.sequence_id !== sequence ||
    record.previous_hash !== head.record_hash
  ) {
    throw new SidecarError(
      "internal",
      `audit builder returned a record that does not follow ${head.sequence_id}`,
    );
  }
  return record;
}
