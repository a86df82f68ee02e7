import type { JsonValue } from "@bufbuild/protobuf";
import { compilePatterns } from "./custom-patterns.js";
import { BUILT_IN_DETECTORS, keyValueDetector } from "./detectors/index.js";
import { FieldNames } from "./field-names.js";
import type { Finding } from "./finding.js";
import { CleanStrings, type MaskContext, maskJsonValue, toFinding } from "./json-masker.js";
import { maskText } from "./text-masker.js";

/** Per-call additions to the built-in detectors; they never turn one off (masking.proto). */
export interface MaskRules {
  /** Extra field names (case-insensitive) whose values are masked, in JSON and `name=value`. */
  blockedFields?: readonly string[];
  /** Extra RE2 patterns whose matches are masked; a bad or risky one throws validation_failed. */
  patterns?: readonly string[];
}

/** The masked value, and what was masked where (never the values themselves). */
export interface Masked<T> {
  masked: T;
  findings: Finding[];
}

/**
 * Removes personal data and secrets before anything is logged, audited or returned in an error.
 * Stateless and synchronous: one instance serves every call, and in-process callers (a logger)
 * can use it without the RPC.
 *
 * @example
 *   const masker = new Masker();
 *   masker.maskString("mail bob@example.com").masked; // "mail [REDACTED:email]"
 *   masker.maskJson({ password: "x" }).findings; // [{ kind: "password", pointer: "/password" }]
 */
export class Masker {
  /**
   * The context of calls without extra rules (most of them): built once, not per call, and the
   * only one that remembers clean strings — a verdict is a pure function of the text and the
   * built-in detectors; per-call rules would need a cache of their own.
   */
  readonly #defaults: MaskContext = { ...Masker.#build({}), clean: new CleanStrings() };

  /** Masks a JSON value, keeping its structure; findings point into it with JSON Pointers. */
  maskJson(value: JsonValue, rules: MaskRules = {}): Masked<JsonValue> {
    const findings: Finding[] = [];
    const masked = maskJsonValue(value, this.#context(rules), findings);
    return { masked, findings };
  }

  /** Masks free text (a log line, a URL, an error message); finding pointers are always "". */
  maskString(text: string, rules: MaskRules = {}): Masked<string> {
    const { text: masked, hits } = maskText(text, this.#context(rules).detectors);
    return { masked, findings: hits.map((hit) => toFinding(hit, "")) };
  }

  #context(rules: MaskRules): MaskContext {
    const extra = (rules.blockedFields?.length ?? 0) + (rules.patterns?.length ?? 0);
    return extra === 0 ? this.#defaults : Masker.#build(rules);
  }

  static #build(rules: MaskRules): MaskContext {
    const names = new FieldNames(rules.blockedFields);
    const custom = compilePatterns(rules.patterns ?? []);
    return { names, detectors: [...BUILT_IN_DETECTORS, keyValueDetector(names), ...custom] };
  }
}
