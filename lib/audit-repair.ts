import { createHash } from "node:crypto";
import { type DescMessage, getOption, isFieldSet } from "@bufbuild/protobuf";
import { field, StringRulesSchema } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import {
  ActorSchema,
  AuditResourceSchema,
  EmitRequestSchema,
} from "../gen/proto/coresdk/v1/audit_pb.js";
import { PLATFORM_CHAIN } from "./platform-chain.js";

// One repair step for audit records, shared by the gateway (which builds records) and the
// sidecar (which appends them). Its limits are read from the protovalidate rules of
// proto/coresdk/v1/audit.proto at load, so the rules and the repair cannot drift apart: what
// comes out of `repairAuditRecord` always passes `EmitRequest`'s rules (a test holds it so).

/** The chain that takes records whose tenant is unknown or unusable. */
export { PLATFORM_CHAIN };

/** The metadata member that lists the repaired fields (hashed with the record, DESIGN.md §7). */
export const REPAIRED_KEY = "repaired";

/** The string rules of one field as the proto states them. */
interface StringRule {
  minLen: number;
  maxLen: number;
  pattern: RegExp | undefined;
  oneOf: readonly string[] | undefined;
}

function stringRule(schema: DescMessage, name: string): StringRule {
  const desc = schema.fields.find((f) => f.name === name);
  if (!desc) throw new TypeError(`audit-repair: ${schema.typeName} has no field ${name}`);
  const rules = getOption(desc, field).type;
  if (rules.case !== "string") throw new TypeError(`audit-repair: ${name} has no string rules`);
  const r = rules.value;
  const set = (name: "minLen" | "maxLen") => isFieldSet(r, StringRulesSchema.field[name]);
  return {
    minLen: set("minLen") ? Number(r.minLen) : 0,
    maxLen: set("maxLen") ? Number(r.maxLen) : Number.POSITIVE_INFINITY,
    pattern: r.pattern ? new RegExp(r.pattern) : undefined,
    oneOf: r.in.length > 0 ? r.in : undefined,
  };
}

function statusRange(): { min: number; max: number } {
  const desc = EmitRequestSchema.fields.find((f) => f.name === "status");
  const rules = desc && getOption(desc, field).type;
  if (rules?.case !== "int32") throw new TypeError("audit-repair: status has no int32 rules");
  const { greaterThan, lessThan } = rules.value;
  return {
    min: greaterThan.case === "gte" ? greaterThan.value : 100,
    max: lessThan.case === "lte" ? lessThan.value : 599,
  };
}

/** Every rule the repair enforces, keyed by the proto field path used in the `repaired` list. */
const RULES = {
  tenant_id: stringRule(EmitRequestSchema, "tenant_id"),
  timestamp: stringRule(EmitRequestSchema, "timestamp"),
  "actor.type": stringRule(ActorSchema, "type"),
  "actor.id": stringRule(ActorSchema, "id"),
  "actor.app_id": stringRule(ActorSchema, "app_id"),
  "actor.user_id": stringRule(ActorSchema, "user_id"),
  action: stringRule(EmitRequestSchema, "action"),
  "resource.type": stringRule(AuditResourceSchema, "type"),
  "resource.id": stringRule(AuditResourceSchema, "id"),
  outcome: stringRule(EmitRequestSchema, "outcome"),
  request_id: stringRule(EmitRequestSchema, "request_id"),
  dedup_key: stringRule(EmitRequestSchema, "dedup_key"),
} as const;
const STATUS = statusRange();

/** The field names a repair can report (proto paths), e.g. for a metric's label values. */
export type RepairedField = keyof typeof RULES | "actor" | "resource" | "status" | "metadata";

/** What the gateway and the sidecar both carry: EmitRequest's fields, camelCase. */
export interface RepairableRecord {
  tenantId: string;
  timestamp?: string | undefined;
  actor?: { type: string; id: string; appId?: string | undefined; userId?: string | undefined };
  action: string;
  resource?: { type: string; id?: string | undefined };
  outcome: string;
  status: number;
  requestId: string;
  metadata?: unknown;
  dedupKey?: string | undefined;
}

/** A repaired record and the fields that needed it (empty: the record was returned as it came). */
export interface Repair<T> {
  record: T;
  repaired: RepairedField[];
}

// NUL (PostgreSQL text cannot hold it) and lone surrogates (RFC 8785 cannot encode them).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const MAYBE_UNSAFE = /[\u0000\uD800-\uDFFF]/;

/** `\u0000`, `\ud800`: the six characters of a JSON escape, visible and storable everywhere. */
function escapeUnsafe(value: string): string {
  return value.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** At most `max` code points (protovalidate counts characters, not UTF-16 units). */
function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let out = "";
  let count = 0;
  for (const char of value) {
    if (count++ >= max) break;
    out += char;
  }
  return out;
}

function codePoints(value: string): number {
  if (value.length < 2 || !/[\uD800-\uDFFF]/.test(value)) return value.length;
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** Does `value` break `rule` (or hold a character no store can keep)? */
function breaks(value: string, rule: StringRule): boolean {
  const length = codePoints(value);
  return (
    length < rule.minLen ||
    length > rule.maxLen ||
    MAYBE_UNSAFE.test(value) ||
    (rule.pattern !== undefined && !rule.pattern.test(value)) ||
    (rule.oneOf !== undefined && !rule.oneOf.includes(value))
  );
}

/** Escaped, then cut to the limit: what stays is the start of what was sent. */
function fitText(value: string, rule: StringRule, empty: string): string {
  const fitted = truncate(escapeUnsafe(value), rule.maxLen);
  return codePoints(fitted) < rule.minLen ? empty : fitted;
}

/**
 * A request id or dedup key that breaks its rule becomes a digest of what was sent: it stays
 * distinct from every other id (a cut could make two ids one, and the dedup key would then drop
 * the second record) and the same on every resend (so deduplication still works).
 */
function fitKey(value: string, rule: StringRule, empty: string): string {
  if (value.length === 0) return empty;
  return `sha256:${createHash("sha256").update(value, "utf8").digest("hex")}`.slice(0, rule.maxLen);
}

/** `actor.type` is a lowercase identifier: other characters become `_`, a digit start gets `x`. */
function fitIdentifier(value: string, rule: StringRule): string {
  const cleaned = escapeUnsafe(value)
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_");
  const fitted = truncate(/^[a-z]/.test(cleaned) ? cleaned : `x${cleaned}`, rule.maxLen);
  return rule.pattern?.test(fitted) === false ? "unknown" : fitted;
}

/** Free-form metadata: lone surrogates and NUL escaped in keys and strings, non-finite numbers null. */
function repairJson(value: unknown, changed: { yes: boolean }): unknown {
  if (typeof value === "string") {
    if (!MAYBE_UNSAFE.test(value)) return value;
    const fixed = escapeUnsafe(value);
    if (fixed !== value) changed.yes = true;
    return fixed;
  }
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    changed.yes = true;
    return null;
  }
  if (Array.isArray(value)) return value.map((v) => repairJson(v, changed));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[repairJson(key, changed) as string] = repairJson(v, changed);
  }
  return out;
}

/** Fields repaired before, as a metadata value lists them (a string array, else nothing). */
export function repairedBefore(metadata: unknown): string[] {
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) return [];
  const listed = (metadata as Record<string, unknown>)[REPAIRED_KEY];
  return Array.isArray(listed) ? listed.filter((v): v is string => typeof v === "string") : [];
}

/**
 * Metadata with `repaired` listing `fields` (merged with a list already there, sorted), so the
 * flag is part of the hashed record and the §7 format stays as it is.
 */
export function withRepairedList<M>(metadata: M, fields: readonly string[]): M {
  const base =
    metadata !== null && typeof metadata === "object" && !Array.isArray(metadata) ? metadata : {};
  const all = [...new Set([...repairedBefore(base), ...fields])].sort();
  return { ...base, [REPAIRED_KEY]: all } as M;
}

type Fixer = (value: string, rule: StringRule) => string;
const text =
  (empty: string): Fixer =>
  (v, r) =>
    fitText(v, r, empty);

/**
 * Makes a record satisfy EmitRequest's rules without losing it: strings that hold NUL or lone
 * surrogates are escaped (`\u0000`), over-long ones cut to the limit (ids used as keys become a
 * digest, so two long ids never collide), empty required ones become `unknown`, an empty optional
 * one becomes absent, a tenant id that breaks its rule sends the record to the platform chain, an
 * unknown outcome is `error`, an impossible status 500, a malformed timestamp absent ("now"), and
 * metadata gets the same escaping. Returns the record untouched (same object) when nothing broke;
 * else a copy and the repaired field names, which the caller records in metadata
 * (`withRepairedList`) so the record says so.
 *
 * @example
 *   const { record, repaired } = repairAuditRecord(entry); // repaired: ["resource.id"]
 */
export function repairAuditRecord<T extends RepairableRecord>(input: T): Repair<T> {
  const repaired: RepairedField[] = [];
  let emptied = false; // an empty optional string made absent: a copy, but nothing to flag
  const fix = (name: keyof typeof RULES, value: string, fixer: Fixer): string => {
    const rule = RULES[name];
    if (!breaks(value, rule)) return value;
    repaired.push(name);
    return fixer(value, rule);
  };
  const optional = (name: keyof typeof RULES, value: string | undefined) => {
    if (value !== "") return value === undefined ? undefined : fix(name, value, text(""));
    emptied = true;
    return undefined;
  };
  const tenantId = fix("tenant_id", input.tenantId, () => PLATFORM_CHAIN);
  const timestampOk = input.timestamp === undefined || !breaks(input.timestamp, RULES.timestamp);
  if (!timestampOk) repaired.push("timestamp");
  const timestamp = timestampOk ? input.timestamp : undefined;
  if (!input.actor) repaired.push("actor");
  if (!input.resource) repaired.push("resource");
  const actor = input.actor && {
    ...input.actor,
    type: fix("actor.type", input.actor.type, fitIdentifier),
    id: fix("actor.id", input.actor.id, text("unknown")),
    appId: optional("actor.app_id", input.actor.appId),
    userId: optional("actor.user_id", input.actor.userId),
  };
  const action = fix("action", input.action, text("unknown"));
  const resource = input.resource && {
    ...input.resource,
    type: fix("resource.type", input.resource.type, text("unknown")),
    id: optional("resource.id", input.resource.id),
  };
  const outcome = fix("outcome", input.outcome, () => "error");
  const statusOk = Number.isInteger(input.status) && input.status >= STATUS.min;
  const status = statusOk && input.status <= STATUS.max ? input.status : 500;
  if (status !== input.status) repaired.push("status");
  const requestId = fix("request_id", input.requestId, (v, r) => fitKey(v, r, "unknown"));
  const dedupKey =
    input.dedupKey === undefined
      ? undefined
      : fix("dedup_key", input.dedupKey, (v, r) => fitKey(v, r, "empty"));
  const changed = { yes: false };
  const metadata = input.metadata === undefined ? undefined : repairJson(input.metadata, changed);
  if (changed.yes) repaired.push("metadata");
  if (repaired.length === 0 && !emptied) return { record: input, repaired };
  const record = {
    ...input,
    tenantId,
    timestamp,
    actor: actor ?? { type: "unknown", id: "unknown" },
    action,
    resource: resource ?? { type: "unknown" },
    outcome,
    status,
  };
  return {
    record: { ...record, requestId, dedupKey, metadata: changed.yes ? metadata : input.metadata },
    repaired,
  };
}

/**
 * `record` with `fields` listed in `metadata.repaired` (the same record when there are none):
 * the flag every writer puts on a record it had to repair.
 */
export function flagRepaired<T extends RepairableRecord>(record: T, fields: readonly string[]): T {
  if (fields.length === 0) return record;
  return { ...record, metadata: withRepairedList(record.metadata, fields) };
}

/**
 * `repairAuditRecord`, then the repaired fields flagged in the record's metadata: what the
 * gateway and the control plane do to each record before it leaves for the sidecar.
 *
 * @example
 *   const { record, repaired } = repairAndFlag(entry); // record.metadata.repaired = repaired
 */
export function repairAndFlag<T extends RepairableRecord>(input: T): Repair<T> {
  const { record, repaired } = repairAuditRecord(input);
  return { record: flagRepaired(record, repaired), repaired };
}
