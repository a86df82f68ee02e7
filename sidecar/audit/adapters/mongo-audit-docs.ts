import type { SealedRecord } from "../chain.js";
import { decodeMetadata, encodeMetadata } from "../stored-metadata.js";

/**
 * A record as a MongoDB document: the §7 members as they are, plus
 * - `_id`: "<tenant>/<sequence>", so a position is looked up exactly, never by sorting;
 * - `metadata_json`: metadata as JSON text (see stored-metadata.ts);
 * - `dedup_id`: the caller's dedup key as "key:<k>", or "seq:<n>" when there is none. It is
 *   always set because a unique index treats every missing value as one null, and FerretDB
 *   has no partial indexes; the prefixes keep the two kinds from ever colliding.
 */
export interface AuditDoc {
  _id: string;
  tenant_id: string;
  sequence_id: number;
  timestamp: string;
  actor: { type: string; id: string; app_id: string | null; user_id: string | null };
  action: string;
  resource: { type: string; id: string | null };
  outcome: string;
  status: number;
  request_id: string;
  metadata_json: string | null;
  previous_hash: string;
  record_hash: string;
  dedup_id: string;
}

/**
 * The `_id` of a tenant's record at `sequence`. Injective even for tenant ids containing "/":
 * the part after the last "/" is always the sequence.
 */
export function docId(tenantId: string, sequence: number): string {
  return `${tenantId}/${sequence}`;
}

/** The dedup_id a caller's key is stored under. */
export function dedupId(key: string): string {
  return `key:${key}`;
}

/** The document for `record`. */
export function toDoc(record: SealedRecord, dedupKey: string | undefined): AuditDoc {
  const { metadata, ...rest } = record;
  return {
    _id: docId(record.tenant_id, record.sequence_id),
    ...rest,
    metadata_json: encodeMetadata(metadata),
    dedup_id: dedupKey === undefined ? `seq:${record.sequence_id}` : dedupId(dedupKey),
  };
}

/**
 * The stored record exactly as read: Verify must see tampering, so nothing is repaired.
 */
export function fromDoc(doc: AuditDoc): SealedRecord {
  return {
    tenant_id: doc.tenant_id,
    sequence_id: Number(doc.sequence_id),
    timestamp: doc.timestamp,
    actor: {
      type: doc.actor?.type,
      id: doc.actor?.id,
      app_id: doc.actor?.app_id,
      user_id: doc.actor?.user_id,
    },
    action: doc.action,
    resource: { type: doc.resource?.type, id: doc.resource?.id },
    outcome: doc.outcome,
    status: doc.status,
    request_id: doc.request_id,
    metadata: decodeMetadata(doc.metadata_json),
    previous_hash: doc.previous_hash,
    record_hash: doc.record_hash,
  };
}
