import { createHash } from "node:crypto";
import type { JsonObject } from "@bufbuild/protobuf";
import { canonicalJson } from "../../lib/canonical-json.js";

/** `previous_hash` of record 1: 64 zeros (DESIGN.md §7). */
export const GENESIS_HASH = "0".repeat(64);

/**
 * One link of a tenant's chain exactly as hashed (DESIGN.md §7). snake_case on purpose: these
 * are the JSON member names tools outside the project recompute, so no mapping sits in between.
 */
export interface ChainRecord {
  tenant_id: string;
  sequence_id: number;
  timestamp: string;
  actor: { type: string; id: string; app_id: string | null; user_id: string | null };
  action: string;
  resource: { type: string; id: string | null };
  outcome: string;
  status: number;
  request_id: string;
  metadata: JsonObject | null;
  previous_hash: string;
}

/** A chain record with its own hash: what stores keep and return. */
export interface SealedRecord extends ChainRecord {
  record_hash: string;
}

/** What the caller knows about an action; the chain assigns tenant position and hashes. */
export type AuditEntry = Omit<ChainRecord, "tenant_id" | "sequence_id" | "previous_hash">;

/** The last link of a chain, which the next record builds on; `{0, GENESIS_HASH}` when empty. */
export interface ChainHead {
  sequence_id: number;
  record_hash: string;
}

/** The head of an empty chain. */
export const EMPTY_HEAD: ChainHead = Object.freeze({ sequence_id: 0, record_hash: GENESIS_HASH });

/**
 * The exact §7 object of `record`: only the hashed members, in a fresh object, absent optionals
 * as null. Extra properties a store adds (ids, dedup keys, `record_hash`) never leak into a hash.
 */
export function hashedObject(record: ChainRecord): ChainRecord {
  return {
    tenant_id: record.tenant_id,
    sequence_id: record.sequence_id,
    timestamp: record.timestamp,
    actor: {
      type: record.actor.type,
      id: record.actor.id,
      app_id: record.actor.app_id ?? null,
      user_id: record.actor.user_id ?? null,
    },
    action: record.action,
    resource: { type: record.resource.type, id: record.resource.id ?? null },
    outcome: record.outcome,
    status: record.status,
    request_id: record.request_id,
    metadata: record.metadata ?? null,
    previous_hash: record.previous_hash,
  };
}

/** Any surrogate code unit: the rare strings that need the exact lone-surrogate check. */
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A JCS string: JSON.stringify's escaping is RFC 8785's; lone surrogates cannot be encoded. */
function jcsString(value: string): string {
  if (SURROGATE.test(value) && LONE_SURROGATE.test(value)) {
    throw new RangeError("a string holds a lone surrogate");
  }
  return JSON.stringify(value);
}

const jcsNullable = (value: string | null | undefined) =>
  value === null || value === undefined ? "null" : jcsString(value);

function jcsInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError("a number is not a safe integer");
  return String(value);
}

/**
 * The RFC 8785 (JCS) text of the §7 object of `record`, written member by member in JCS order
 * (keys sorted by UTF-16 code units: action, actor{app_id, id, type, user_id}, metadata, …) — the
 * record's shape is fixed, so only `metadata`, free-form JSON, goes through the general
 * canonicalizer (`canonicalJson`). Byte-for-byte what `canonicalJson(hashedObject(record))` gives (a property test
 * holds the two together); the general walk was the sidecar's largest single cost per record.
 */
export function canonicalRecord(record: ChainRecord): string {
  const { actor, resource } = record;
  const metadata = record.metadata ?? null;
  const metadataText = metadata === null ? "null" : canonicalJson(metadata);
  return (
    `{"action":${jcsString(record.action)}` +
    `,"actor":{"app_id":${jcsNullable(actor.app_id)},"id":${jcsString(actor.id)}` +
    `,"type":${jcsString(actor.type)},"user_id":${jcsNullable(actor.user_id)}}` +
    `,"metadata":${metadataText}` +
    `,"outcome":${jcsString(record.outcome)}` +
    `,"previous_hash":${jcsString(record.previous_hash)}` +
    `,"request_id":${jcsString(record.request_id)}` +
    `,"resource":{"id":${jcsNullable(resource.id)},"type":${jcsString(resource.type)}}` +
    `,"sequence_id":${jcsInteger(record.sequence_id)}` +
    `,"status":${jcsInteger(record.status)}` +
    `,"tenant_id":${jcsString(record.tenant_id)}` +
    `,"timestamp":${jcsString(record.timestamp)}}`
  );
}

/**
 * `record_hash`: lowercase hex SHA-256 of the RFC 8785 (JCS) bytes of the §7 object. Throws a
 * RangeError for values JSON cannot carry (NaN, Infinity, lone surrogates).
 *
 * @example
 *   hashRecord(record) // "5f0c…" (64 hex digits)
 */
export function hashRecord(record: ChainRecord): string {
  let text: string;
  try {
    text = canonicalRecord(record);
  } catch (error) {
    throw new RangeError(`audit record is not canonical JSON: ${(error as Error).message}`);
  }
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Seals `entry` as the link after `head` in `tenantId`'s chain. Pure: stores call it again with a
 * fresh head whenever another emitter won the race for that position.
 *
 * @example
 *   const first = sealRecord("acme", entry, EMPTY_HEAD); // sequence_id 1, previous_hash 000…0
 */
export function sealRecord(tenantId: string, entry: AuditEntry, head: ChainHead): SealedRecord {
  const record = hashedObject({
    ...entry,
    tenant_id: tenantId,
    sequence_id: head.sequence_id + 1,
    previous_hash: head.record_hash,
  });
  return { ...record, record_hash: hashRecord(record) };
}
