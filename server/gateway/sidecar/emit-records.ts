import { create, type JsonObject } from "@bufbuild/protobuf";
import {
  type EmitBatchResponse,
  type EmitRequest,
  EmitRequestSchema,
} from "../../../gen/proto/coresdk/v1/audit_pb.js";
import { ErrorCode } from "../../../gen/proto/coresdk/v1/errors_pb.js";

/** One audit record as the gateway queues and emits it (JSON-safe, so it can sit in a file). */
export interface AuditEntry {
  tenantId: string;
  timestamp: string;
  actor: { type: string; id: string; appId?: string; userId?: string };
  action: string;
  resource: { type: string; id: string };
  outcome: "success" | "denied" | "error";
  status: number;
  requestId: string;
  metadata: JsonObject;
  /**
   * The Emit dedup key: one per record, fixed when it is recorded, so a resend after a lost
   * answer is stored once while two requests that share a client-chosen request id are both
   * stored. Absent in records queued by older gateways: the request id then.
   */
  dedupKey?: string;
}

/**
 * What became of one record of an EmitBatch: stored (or stored before: dedup), refused as
 * invalid (retrying can never succeed), or not stored for a reason retrying may fix.
 */
export type EmitOutcome = "delivered" | "rejected" | "failed";

/** An audit entry as the sidecar's EmitRequest, with its own dedup key. */
export function emitRequest(entry: AuditEntry): EmitRequest {
  // An empty id means "collection-level": absent on the wire (the proto wants ≥ 1 char).
  const resource = entry.resource.id ? entry.resource : { type: entry.resource.type };
  return create(EmitRequestSchema, {
    ...entry,
    resource,
    dedupKey: entry.dedupKey ?? entry.requestId,
  });
}

/** One outcome per record of an EmitBatch answer, in order. */
export function emitOutcomes(response: EmitBatchResponse): EmitOutcome[] {
  return response.results.map((r) => {
    if (r.result.case === "record") return "delivered";
    return r.result.value?.code === ErrorCode.VALIDATION_FAILED ? "rejected" : "failed";
  });
}
