import type { JsonObject, JsonValue } from "@bufbuild/protobuf";
import { SidecarError } from "../errors/sidecar-error.js";
import type { Detector, Hit } from "./detectors/index.js";
import type { FieldNames } from "./field-names.js";
import { type Finding, type FindingKind, isPlaceholder, placeholder } from "./finding.js";
import { maskText } from "./text-masker.js";

/** Deeper documents are refused: the walk is recursive, and real payloads are far shallower. */
export const MAX_DEPTH = 64;

/** What one call masks with: every detector, and which field names are blocked. */
export interface MaskContext {
  detectors: readonly Detector[];
  names: FieldNames;
  /** Strings these detectors found nothing in, so they are not scanned again. */
  clean?: CleanStrings;
}

/**
 * Short strings in which no detector found anything, remembered so the same value (an audit
 * record's `operation_id`, a route name) is not scanned by every regex on every request. Only
 * clean strings are kept — nothing sensitive by the detectors' own verdict — and the set is
 * bounded: it starts over when full.
 */
export class CleanStrings {
  readonly #seen = new Set<string>();

  constructor(
    private readonly maxEntries = 4_096,
    private readonly maxLength = 256,
  ) {}

  has(text: string): boolean {
    return this.#seen.has(text);
  }

  remember(text: string): void {
    if (text.length > this.maxLength) return;
    if (this.#seen.size >= this.maxEntries) this.#seen.clear();
    this.#seen.add(text);
  }
}

/** A hit as a finding at `pointer` (never with the matched text). */
export function toFinding(hit: Hit, pointer: string): Finding {
  const finding: Finding = { kind: hit.kind, pointer };
  if (hit.patternIndex !== undefined) finding.patternIndex = hit.patternIndex;
  return finding;
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
const escapeToken = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");

/**
 * Values that hide nothing are kept: null, "", our placeholder, and — under the built-in
 * password-like names only — booleans (`"passwordless": true` is a flag, not a credential).
 * A caller-blocked field masks booleans too: the caller said the value itself is sensitive.
 */
const nothingToHide = (v: JsonValue, kind: FindingKind) =>
  v === null ||
  v === "" ||
  (typeof v === "string" && isPlaceholder(v)) ||
  (typeof v === "boolean" && kind === "password");

/**
 * Masks a JSON value, keeping its shape: strings are scanned, values under blocked names are
 * replaced whole (whatever their type), numbers, booleans and null pass through.
 *
 * @example
 *   maskJsonValue({ user: { email: "a@b.io" } }, ctx); // masked "/user/email", one finding
 */
export function maskJsonValue(value: JsonValue, ctx: MaskContext, findings: Finding[]): JsonValue {
  return walk(value, "", 0, ctx, findings);
}

function walk(
  value: JsonValue,
  pointer: string,
  depth: number,
  ctx: MaskContext,
  findings: Finding[],
): JsonValue {
  if (typeof value === "string") {
    if (ctx.clean?.has(value)) return value;
    const { text, hits } = maskText(value, ctx.detectors);
    if (hits.length === 0) ctx.clean?.remember(value);
    for (const hit of hits) findings.push(toFinding(hit, pointer));
    return text;
  }
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) {
    throw new SidecarError(
      "validation_failed",
      `the document is nested deeper than ${MAX_DEPTH} levels`,
    );
  }
  if (Array.isArray(value))
    return value.map((v, i) => walk(v, `${pointer}/${i}`, depth + 1, ctx, findings));
  return walkObject(value, pointer, depth, ctx, findings);
}

/**
 * Keys are scanned too (maps keyed by email are common). A masked key is used in the output and
 * in pointers, so no finding ever carries the data through its pointer; `#2`, `#3` keep masked
 * keys unique.
 */
function walkObject(
  obj: JsonObject,
  pointer: string,
  depth: number,
  ctx: MaskContext,
  findings: Finding[],
) {
  const used = new Set<string>();
  const entries: [string, JsonValue][] = [];
  for (const [key, value] of Object.entries(obj)) {
    const masked = maskText(key, ctx.detectors);
    let safeKey = masked.text;
    for (let n = 2; used.has(safeKey); n++) safeKey = `${masked.text}#${n}`;
    used.add(safeKey);
    const at = `${pointer}/${escapeToken(safeKey)}`;
    for (const hit of masked.hits) findings.push(toFinding(hit, at));
    const kind = ctx.names.kindOf(key);
    if (kind && !nothingToHide(value, kind)) {
      entries.push([safeKey, placeholder(kind)]);
      findings.push({ kind, pointer: at });
    } else {
      entries.push([safeKey, walk(value, at, depth + 1, ctx, findings)]);
    }
  }
  return Object.fromEntries(entries); // fromEntries: a "__proto__" key stays an own property
}
