/**
 * A re-verifier written from DESIGN.md §7 alone, sharing no code with sidecar/audit: what a tool
 * outside the project does with exported records. It takes records as JSON with the proto field
 * names (`toJson(AuditRecordSchema, r, { useProtoFieldName: true })`, or a store's records),
 * where uint64 may arrive as a string and absent optionals may be missing.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

// biome-ignore lint/suspicious/noExplicitAny: an outside tool sees untyped JSON.
type Json = Record<string, any>;

/** The lowercase hex SHA-256 of the JCS bytes of the §7 object built from `r`. */
export function recomputeHash(r: Json): string {
  const object = {
    tenant_id: r.tenant_id,
    sequence_id: Number(r.sequence_id),
    timestamp: r.timestamp,
    actor: {
      type: r.actor.type,
      id: r.actor.id,
      app_id: r.actor.app_id ?? null,
      user_id: r.actor.user_id ?? null,
    },
    action: r.action,
    resource: { type: r.resource.type, id: r.resource.id ?? null },
    outcome: r.outcome,
    status: r.status,
    request_id: r.request_id,
    metadata: r.metadata ?? null,
    previous_hash: r.previous_hash,
  };
  return createHash("sha256")
    .update(canonicalize(object) ?? "")
    .digest("hex");
}

/** Checks a whole chain in order: 1..n, links, hashes, RFC 3339 ms timestamps. */
export function reverify(records: Json[]): { valid: boolean; firstInvalid?: number } {
  let previous = "0".repeat(64);
  for (const [index, r] of records.entries()) {
    const ok =
      Number(r.sequence_id) === index + 1 &&
      r.previous_hash === previous &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(r.timestamp) &&
      /^[0-9a-f]{64}$/.test(r.record_hash) &&
      recomputeHash(r) === r.record_hash;
    if (!ok) return { valid: false, firstInvalid: index + 1 };
    previous = r.record_hash;
  }
  return { valid: true };
}
