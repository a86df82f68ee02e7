import type { AuditStore } from "./audit-store.js";
import { GENESIS_HASH, hashRecord, type SealedRecord } from "./chain.js";

/** The outcome of recomputing a chain (VerifyResponse without the proto types). */
export interface ChainVerdict {
  valid: boolean;
  /** Records examined, including the first bad one. */
  checked: number;
  /** The first sequence id whose record is wrong or missing; absent when valid. */
  firstInvalidSequence?: number;
}

function recordHashOk(record: SealedRecord): boolean {
  try {
    return hashRecord(record) === record.record_hash;
  } catch {
    return false; // stored values JSON cannot carry: tampered, so invalid
  }
}

/**
 * Recomputes `tenantId`'s chain from record 1, `batch` records per read so millions of records
 * never sit in memory at once. A record is good when it sits at the expected sequence (a gap names
 * the missing id), belongs to the tenant, links to the previous record's hash, and hashes to its
 * own `record_hash`. Stops at the first bad one.
 *
 * @example
 *   await verifyChain(store, "acme") // { valid: true, checked: 600 }
 */
export async function verifyChain(
  store: AuditStore,
  tenantId: string,
  batch = 500,
): Promise<ChainVerdict> {
  let expected = 1;
  let previous = GENESIS_HASH;
  for (;;) {
    const page = await store.range(tenantId, expected - 1, batch);
    if (page.length === 0) return { valid: true, checked: expected - 1 };
    for (const record of page) {
      const good =
        record.sequence_id === expected &&
        record.tenant_id === tenantId &&
        record.previous_hash === previous &&
        recordHashOk(record);
      if (!good) return { valid: false, checked: expected, firstInvalidSequence: expected };
      previous = record.record_hash;
      expected++;
    }
  }
}
