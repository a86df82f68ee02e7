/** Shared fixtures for the audit tests: entries, Emit requests and the adapter harness shape. */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { type EmitRequest, EmitRequestSchema } from "../../../gen/proto/coresdk/v1/audit_pb.js";
import type { AuditStore } from "../../../sidecar/audit/audit-store.js";
import { type AuditEntry, type ChainHead, sealRecord } from "../../../sidecar/audit/chain.js";

/** Raw column/field values written straight into the database, behind the store's back. */
export interface Tamper {
  action?: string;
  record_hash?: string;
  metadata_text?: string;
}

/** An adapter under test plus direct database access for tampering. */
export interface AuditHarness {
  store: AuditStore;
  /** Another store on the same database with its own connections, as a second process has. */
  twin(): Promise<AuditStore>;
  tamper(tenantId: string, sequence: number, patch: Tamper): Promise<void>;
  remove(tenantId: string, sequence: number): Promise<void>;
  close(): Promise<void>;
}

/** 2025-01-31T12:00:00.000Z: entry i happens i seconds later. */
export const T0 = Date.parse("2025-01-31T12:00:00.000Z");

/** The time of entry `i`, as an audit timestamp. */
export const at = (i: number) => new Date(T0 + i * 1000).toISOString();

/** The i-th entry: one second apart, actions alternating so filters have something to pick. */
export function entry(i: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    timestamp: at(i),
    actor: { type: "user", id: `user-${i}`, app_id: "app_1", user_id: i % 2 ? `u${i}` : null },
    action: i % 2 ? "entities.update" : "entities.create",
    resource: { type: "entity.people", id: i % 3 ? `p${i}` : null },
    outcome: "success",
    status: 200,
    request_id: `req-${i}`,
    metadata: i % 4 ? { latency_ms: i } : null,
    ...over,
  };
}

/** Appends `e` to `tenantId`'s chain the way the service does. */
export function appendEntry(store: AuditStore, tenantId: string, e: AuditEntry, dedupKey?: string) {
  return store.append(tenantId, (head: ChainHead) => sealRecord(tenantId, e, head), { dedupKey });
}

/** The i-th Emit request for `tenantId`, shaped like entry(i). */
export function emitRequest(
  tenantId: string,
  i: number,
  over: Omit<MessageInitShape<typeof EmitRequestSchema>, "$typeName"> = {},
): EmitRequest {
  return create(EmitRequestSchema, {
    tenantId,
    timestamp: at(i),
    actor: { type: "user", id: `user-${i}`, appId: "app_1" },
    action: i % 2 ? "entities.update" : "entities.create",
    resource: { type: "entity.people", id: `p${i}` },
    outcome: "success",
    status: 200,
    requestId: `req-${i}`,
    metadata: { latency_ms: i },
    ...over,
  });
}
