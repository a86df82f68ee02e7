import { create, type JsonObject } from "@bufbuild/protobuf";
import {
  type AuditRecord,
  AuditRecordSchema,
  type EmitRequest,
} from "../../gen/proto/coresdk/v1/audit_pb.js";
import { SidecarError } from "../errors/sidecar-error.js";
import type { AuditEntry, SealedRecord } from "./chain.js";
import { formatTimestamp, normalizeTimestamp } from "./timestamps.js";

/** Masks metadata before it is hashed and stored (the MaskingService's JSON masker). */
export type MetadataMasker = (metadata: JsonObject) => JsonObject;

function invalid(message: string): SidecarError {
  return new SidecarError("validation_failed", message);
}

/**
 * NUL cannot be stored in PostgreSQL text, and a record the store cannot hold byte for byte
 * cannot be verified later, so it is refused up front on every adapter alike.
 */
function noNul(value: string | undefined, field: string): string | undefined {
  if (value?.includes("\u0000")) throw invalid(`${field} must not contain NUL characters`);
  return value;
}

function recordedAt(timestamp: string | undefined, now: () => Date): string {
  if (timestamp === undefined) return formatTimestamp(now());
  const normalized = normalizeTimestamp(timestamp);
  if (!normalized) throw invalid("timestamp is not a valid RFC 3339 UTC instant");
  return normalized;
}

/**
 * The chain entry for an Emit: timestamp normalized (absent → now), absent optionals as null,
 * metadata masked. Shape rules (lengths, patterns, outcome, status) are the proto's, checked by
 * the validation interceptor before this runs.
 */
export function entryFromRequest(
  req: EmitRequest,
  now: () => Date,
  mask?: MetadataMasker,
): AuditEntry {
  if (!req.actor || !req.resource) throw invalid("actor and resource are required");
  const metadata = req.metadata ? (mask ? mask(req.metadata) : req.metadata) : null;
  return {
    timestamp: recordedAt(req.timestamp, now),
    actor: {
      type: req.actor.type,
      id: noNul(req.actor.id, "actor.id") as string,
      app_id: noNul(req.actor.appId, "actor.app_id") ?? null,
      user_id: noNul(req.actor.userId, "actor.user_id") ?? null,
    },
    action: noNul(req.action, "action") as string,
    resource: {
      type: noNul(req.resource.type, "resource.type") as string,
      id: noNul(req.resource.id, "resource.id") ?? null,
    },
    outcome: req.outcome,
    status: req.status,
    request_id: noNul(req.requestId, "request_id") as string,
    metadata,
  };
}

/** The wire form of a stored record. */
export function toProto(record: SealedRecord): AuditRecord {
  return create(AuditRecordSchema, {
    tenantId: record.tenant_id,
    sequenceId: BigInt(record.sequence_id),
    timestamp: record.timestamp,
    actor: {
      type: record.actor.type,
      id: record.actor.id,
      appId: record.actor.app_id ?? undefined,
      userId: record.actor.user_id ?? undefined,
    },
    action: record.action,
    resource: { type: record.resource.type, id: record.resource.id ?? undefined },
    outcome: record.outcome,
    status: record.status,
    requestId: record.request_id,
    metadata: record.metadata ?? undefined,
    previousHash: record.previous_hash,
    recordHash: record.record_hash,
  });
}
