import { sidecarSchema } from "../../storage/sidecar-schema.js";
import type { SealedRecord } from "../chain.js";
import { decodeMetadata, encodeMetadata } from "../stored-metadata.js";

/**
 * The audit table: one column per §7 member so operators can read and index it; `metadata` is
 * JSON text (see stored-metadata.ts). Text columns use the "C" collation so timestamp and
 * action comparisons are bytewise whatever the server's locale. `IF NOT EXISTS` on purpose:
 * sidecars before versioned schemas created exactly these without a history row, so on their
 * databases version 1 only records what is there.
 */
const AUDIT_TABLE = [
  `CREATE TABLE IF NOT EXISTS sidecar_audit_records (
    tenant_id     text COLLATE "C" NOT NULL,
    sequence_id   bigint NOT NULL,
    ts            text COLLATE "C" NOT NULL,
    actor_type    text NOT NULL,
    actor_id      text NOT NULL,
    actor_app_id  text,
    actor_user_id text,
    action        text COLLATE "C" NOT NULL,
    resource_type text NOT NULL,
    resource_id   text,
    outcome       text NOT NULL,
    status        integer NOT NULL,
    request_id    text NOT NULL,
    metadata      text,
    previous_hash text NOT NULL,
    record_hash   text NOT NULL,
    dedup_key     text,
    PRIMARY KEY (tenant_id, sequence_id)
  )`,
  // NULLs are distinct in a unique index, so records without a key never collide.
  `CREATE UNIQUE INDEX IF NOT EXISTS sidecar_audit_dedup ON sidecar_audit_records (tenant_id, dedup_key)`,
  `CREATE INDEX IF NOT EXISTS sidecar_audit_action ON sidecar_audit_records (tenant_id, action, sequence_id)`,
];

/**
 * The audit chain's component of the schema history (see `sidecarSchema`). Append new versions;
 * never edit an applied one.
 */
export const AUDIT_SCHEMA = sidecarSchema("audit", [
  { version: 1, name: "sidecar_audit_records", statements: AUDIT_TABLE },
]);

/** The columns, in INSERT order. */
export const AUDIT_COLUMNS =
  "tenant_id, sequence_id, ts, actor_type, actor_id, actor_app_id, actor_user_id, action, " +
  "resource_type, resource_id, outcome, status, request_id, metadata, previous_hash, record_hash";

/** A row as drivers return it (`bigint` arrives as string from pg, number or bigint elsewhere). */
export interface AuditRow {
  tenant_id: string;
  sequence_id: string | number | bigint;
  ts: string;
  actor_type: string;
  actor_id: string;
  actor_app_id: string | null;
  actor_user_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
  status: number;
  request_id: string;
  metadata: string | null;
  previous_hash: string;
  record_hash: string;
}

/** INSERT parameters for `record` (plus its dedup key), matching AUDIT_COLUMNS + dedup_key. */
export function toParams(record: SealedRecord, dedupKey: string | null): unknown[] {
  return [
    record.tenant_id,
    record.sequence_id,
    record.timestamp,
    record.actor.type,
    record.actor.id,
    record.actor.app_id,
    record.actor.user_id,
    record.action,
    record.resource.type,
    record.resource.id,
    record.outcome,
    record.status,
    record.request_id,
    encodeMetadata(record.metadata),
    record.previous_hash,
    record.record_hash,
    dedupKey,
  ];
}

/** The stored record, exactly as read: Verify must see tampering, so nothing is repaired. */
export function fromRow(row: AuditRow): SealedRecord {
  return {
    tenant_id: row.tenant_id,
    sequence_id: Number(row.sequence_id),
    timestamp: row.ts,
    actor: {
      type: row.actor_type,
      id: row.actor_id,
      app_id: row.actor_app_id,
      user_id: row.actor_user_id,
    },
    action: row.action,
    resource: { type: row.resource_type, id: row.resource_id },
    outcome: row.outcome,
    status: row.status,
    request_id: row.request_id,
    metadata: decodeMetadata(row.metadata),
    previous_hash: row.previous_hash,
    record_hash: row.record_hash,
  };
}
