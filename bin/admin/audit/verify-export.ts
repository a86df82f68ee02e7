// The offline checker of an audit export (docs/audit-export.md). Deliberately standalone: it
// imports node:crypto, `canonicalize` (the RFC 8785 implementation by one of the RFC's authors)
// and its sibling files here, nothing of the platform, so it can be copied out and trusted on
// its own; the file format and DESIGN.md §7 are its only contract. It is independent of the
// sidecar's hashing on purpose: the sidecar writes the fixed record shape member by member in
// JCS order and passes only `metadata` through `canonicalize` (sidecar/audit/chain.ts,
// `canonicalRecord`; lib/canonical-json.ts), while this file canonicalizes the whole record
// with the general package — two implementations that agree only if both follow RFC 8785.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { exportLines, NOT_UTF8 } from "./export-lines.js";
import { illTypedMember } from "./record-shape.js";

/** The `format` member of an export's first line. */
export const EXPORT_FORMAT = "cpod-audit-export";
/** The version of the layout below that this checker reads. */
export const EXPORT_VERSION = 1;
/** `previous_hash` of record 1 (DESIGN.md §7). */
export const GENESIS_HASH = "0".repeat(64);

/** The result of checking one export. */
export type ExportVerdict =
  | { valid: true; tenantId: string; checked: number; headHash: string }
  | {
      valid: false;
      tenantId: string | undefined;
      /** Records that checked out before the first broken one. */
      checked: number;
      /** The first sequence whose record is wrong or missing; undefined for a bad header. */
      firstInvalidSequence: number | undefined;
      reason: string;
    };

/** The §7 members of a record, in any order: the object hashed is exactly these. */
const HASHED = [
  "tenant_id",
  "sequence_id",
  "timestamp",
  "actor",
  "action",
  "resource",
  "outcome",
  "status",
  "request_id",
  "metadata",
  "previous_hash",
];

type Json = Record<string, unknown>;

/**
 * `value` as one export line: its RFC 8785 (JCS) text. The exporter writes every line this way
 * so that the checker can demand it (see `isCanonical`).
 */
export function canonicalLine(value: unknown): string {
  const text = canonicalize(value);
  if (typeof text !== "string") throw new TypeError("the value has no JSON text");
  return text;
}

function parseLine(line: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Json)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `line` is exactly the canonical text of what it parses to. JSON.parse forgives what
 * RFC 8785 forbids, and each forgiven form lets altered bytes hash as the original: of two
 * members with one name it keeps the last (`"status":500,"status":200` reads as 200), and
 * numbers that round to one double read alike (9007199254740993 is …992). A canonical line has
 * neither, nor whitespace or other spellings, so one comparison refuses them all.
 */
function isCanonical(line: string, value: Json): boolean {
  try {
    return canonicalLine(value) === line;
  } catch {
    return false; // a value JCS cannot encode (a lone surrogate)
  }
}

/** Lowercase hex SHA-256 of the JCS bytes of the record without `record_hash` (§7). */
export function recordHash(record: Json): string {
  const hashed = Object.fromEntries(HASHED.map((name) => [name, record[name]]));
  return createHash("sha256").update(canonicalLine(hashed), "utf8").digest("hex");
}

/** Why `record` is not link `sequence` after `previous`, or undefined when it is. */
function linkProblem(record: Json, sequence: number, previous: string, tenantId: string) {
  if (record.sequence_id !== sequence) return `expected sequence ${sequence} here`;
  if (record.tenant_id !== tenantId) return "tenant_id differs from the header's";
  const missing = HASHED.find((name) => !(name in record));
  if (missing) return `the record has no "${missing}" member`;
  // A member outside §7 is covered by no hash: refuse it rather than let it pass as checked.
  const extra = Object.keys(record).find(
    (name) => name !== "record_hash" && !HASHED.includes(name),
  );
  if (extra) return `the record has a member no hash covers: "${extra}"`;
  const illTyped = illTypedMember(record);
  if (illTyped) return `"${illTyped}" does not have the type docs/audit-export.md gives it`;
  if (record.previous_hash !== previous) return "previous_hash is not the prior record's hash";
  let hash: string;
  try {
    hash = recordHash(record);
  } catch {
    return "the record cannot be canonicalized";
  }
  return hash === record.record_hash ? undefined : "record_hash does not match the record";
}

/** The header line's tenant id, or why the first line is not an export header. */
function readHeader(line: string | undefined): { tenantId: string } | { problem: string } {
  const header = line === undefined ? undefined : parseLine(line);
  if (header?.format !== EXPORT_FORMAT) return { problem: `not a ${EXPORT_FORMAT} file` };
  if (!isCanonical(line ?? "", header)) return { problem: "the header is not canonical JSON" };
  if (header.version !== EXPORT_VERSION) {
    return { problem: `format version ${String(header.version)} (this checker reads 1)` };
  }
  if (typeof header.tenant_id !== "string") return { problem: "the header names no tenant_id" };
  return { tenantId: header.tenant_id };
}

/** The verdict for a bad first line: no tenant, no sequence. */
const notAnExport = (reason: string): ExportVerdict => ({
  valid: false,
  tenantId: undefined,
  checked: 0,
  firstInvalidSequence: undefined,
  reason,
});

/**
 * Checks an export's bytes as they stream in: the header, then every record in chain order
 * (sequence 1, 2, … with no gap, each `previous_hash` the prior `record_hash`, each
 * `record_hash` recomputed), then the end line's count and head hash, which catch records cut
 * off the end of the file. Holds one line at a time. Reports the first sequence that is wrong
 * or missing.
 *
 * @example
 *   const verdict = await verifyExport(createReadStream("audit.jsonl"));
 *   if (!verdict.valid) console.error(`broken at ${verdict.firstInvalidSequence}`);
 */
export async function verifyExport(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<ExportVerdict> {
  const lines = exportLines(chunks)[Symbol.asyncIterator]();
  try {
    return await checkLines(lines);
  } finally {
    await lines.return(undefined); // stops reading the rest of a file that broke early
  }
}

async function checkLines(lines: AsyncIterator<string | typeof NOT_UTF8>): Promise<ExportVerdict> {
  const first = await lines.next();
  const header = readHeader(first.done || first.value === NOT_UTF8 ? undefined : first.value);
  if ("problem" in header) return notAnExport(header.problem);
  const { tenantId } = header;
  let previous = GENESIS_HASH;
  let sequence = 1;
  const broken = (reason: string): ExportVerdict => ({
    valid: false,
    tenantId,
    checked: sequence - 1,
    firstInvalidSequence: sequence,
    reason,
  });
  for (let number = 2; ; number++) {
    const next = await lines.next();
    if (next.done) break;
    if (next.value === NOT_UTF8) return broken(`line ${number} is not UTF-8`);
    const entry = parseLine(next.value);
    if (!entry) return broken("a line is not a JSON object (a cut or garbled line)");
    if (!isCanonical(next.value, entry)) {
      return broken(
        `line ${number} is not canonical JSON (RFC 8785): a repeated member name, a number or spelling changed`,
      );
    }
    if (entry.end === true) {
      // One line of lookahead: the end line counts only as the file's last line (by position,
      // so a second copy of it after forged lines does not make them "before the end").
      if (!(await lines.next()).done) return broken(`lines follow the end line (line ${number})`);
      if (entry.count !== sequence - 1 || entry.head_hash !== previous) {
        return broken(`the end line says ${String(entry.count)} records; records are missing`);
      }
      return { valid: true, tenantId, checked: sequence - 1, headHash: previous };
    }
    const problem = linkProblem(entry, sequence, previous, tenantId);
    if (problem) return broken(problem);
    previous = entry.record_hash as string;
    sequence += 1;
  }
  return broken("the file ends before its end line (records after this one may be missing)");
}
