import type { AuditRecord } from "../../../gen/proto/coresdk/v1/audit_pb.js";

/** One chain record as DESIGN.md §7 hashes it, plus its `record_hash`. */
export interface AuditRecordJson {
  tenant_id: string;
  sequence_id: number;
  timestamp: string;
  actor: { type: string; id: string; app_id: string | null; user_id: string | null };
  action: string;
  resource: { type: string; id: string | null };
  outcome: string;
  status: number | null;
  request_id: string | null;
  metadata: Record<string, unknown> | null;
  previous_hash: string;
  record_hash: string;
}

/**
 * A sidecar AuditRecord as the REST contracts and the export file carry it: every member
 * present, absent optional values as `null`, so whoever downloads it can hash exactly what they
 * got (without `record_hash`) and obtain `record_hash`. proto3 sends 0 and "" for "none".
 *
 * @example
 *   const line = JSON.stringify(auditRecordJson(page.records[0]));
 */
export function auditRecordJson(r: AuditRecord): AuditRecordJson {
  return {
    tenant_id: r.tenantId,
    sequence_id: Number(r.sequenceId),
    timestamp: r.timestamp,
    actor: {
      type: r.actor?.type ?? "system",
      id: r.actor?.id ?? "",
      app_id: r.actor?.appId ?? null,
      user_id: r.actor?.userId ?? null,
    },
    action: r.action,
    resource: { type: r.resource?.type ?? "", id: r.resource?.id ?? null },
    outcome: r.outcome,
    status: r.status === 0 ? null : r.status,
    request_id: r.requestId === "" ? null : r.requestId,
    metadata: (r.metadata ?? null) as Record<string, unknown> | null,
    previous_hash: r.previousHash,
    record_hash: r.recordHash,
  };
}
