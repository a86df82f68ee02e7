import { RE2JS } from "@bufbuild/re2";
import { SidecarError } from "../errors/sidecar-error.js";
import type { Detector, Hit } from "./detectors/index.js";
import { classEnd, escapeLength, quantifierAt, repetitionRisk } from "./pattern-safety.js";

/** Mirrors masking.proto: at most 20 patterns of at most 512 characters each. */
export const MAX_PATTERNS = 20;
export const MAX_PATTERN_LENGTH = 512;

/** JavaScript's own syntax characters; other escaped punctuation (`\-`, `\@`) becomes `\xHH`. */
const JS_SYNTAX = new Set("^$\\.*+?()[]{}|/");

/** One escape, rewritten from RE2 to a `u`-mode JavaScript equivalent. */
function translateEscape(esc: string): string {
  const c = esc[1] ?? "";
  if (esc === "\\A") return "^";
  if (esc === "\\z") return "$";
  if (/^\\x\{/.test(esc)) return `\\u${esc.slice(2)}`;
  if (/^\\[pP][A-Za-z]$/.test(esc)) return `\\${c}{${esc[2]}}`;
  if (esc.length === 2 && /[!-/:-@[-`{-~]/.test(c) && !JS_SYNTAX.has(c)) {
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  }
  return esc; // \d \w \s \b \n \t … mean the same; anything else fails to compile below.
}

/**
 * RE2 source → JavaScript source and flags, for the constructs the two spell differently.
 * Whatever is left that JavaScript reads differently fails `u`-mode compilation and is refused.
 */
export function toJavaScript(src: string): { source: string; flags: string } {
  const lead = /^\(\?([ims]+)\)/.exec(src);
  let out = "";
  for (let i = lead?.[0].length ?? 0; i < src.length; ) {
    const c = src[i] ?? "";
    if (src.startsWith("(?P<", i)) {
      out += "(?<"; // named group: RE2's Python spelling
      i += 4;
      continue;
    }
    const q = quantifierAt(src, i);
    const next = q
      ? i + q.length
      : c === "\\"
        ? i + escapeLength(src, i)
        : c === "["
          ? classEnd(src, i)
          : i + 1;
    const piece = src.slice(i, next);
    if (c === "\\") out += translateEscape(piece);
    else if (c === "[") out += piece.replace(/\\[!-/:-@[-`{-~]/g, translateEscape);
    else if (!q && (c === "{" || c === "}" || c === "]")) out += `\\${c}`;
    else out += piece;
    i = next;
  }
  return { source: out, flags: lead?.[1] ?? "" };
}

function invalid(index: number, why: string): SidecarError {
  return new SidecarError("validation_failed", `patterns[${index}]: ${why}`);
}

/** Compiles one pattern or throws `validation_failed`; messages never repeat the pattern. */
function compileOne(pattern: string, index: number): Detector {
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH) {
    throw invalid(index, `must be 1 to ${MAX_PATTERN_LENGTH} characters`);
  }
  let re2: RE2JS;
  try {
    re2 = new RE2JS(pattern);
  } catch {
    throw invalid(index, "is not a valid RE2 regular expression");
  }
  const risk = repetitionRisk(pattern);
  if (risk) throw invalid(index, `could backtrack catastrophically (${risk})`);
  let js: RegExp;
  try {
    const { source, flags } = toJavaScript(pattern);
    js = new RegExp(source, `${flags}gu`);
  } catch {
    throw invalid(index, "uses RE2 syntax this sidecar does not support");
  }
  if (new RegExp(js.source, js.flags.replace("g", "")).test(""))
    throw invalid(index, "matches empty text");
  return customDetector(index, re2, js);
}

/**
 * A detector for one caller pattern. RE2 (linear time) answers "is there a match at all" first,
 * so the JavaScript RegExp that finds positions only runs on strings that do match.
 */
function customDetector(index: number, re2: RE2JS, js: RegExp): Detector {
  return {
    find(text) {
      if (!re2.test(text)) return [];
      const hits: Hit[] = [];
      for (const m of text.matchAll(js)) {
        const end = m.index + m[0].length;
        if (end > m.index)
          hits.push({ start: m.index, end, kind: "custom_pattern", patternIndex: index });
      }
      return hits;
    },
  };
}

/**
 * Compiles a call's extra patterns (RE2 syntax, as masking.proto promises) into detectors.
 * Refuses, with `validation_failed`, patterns that do not compile, that RE2 would not accept
 * (backreferences, lookaround), that match empty text, or that could backtrack badly.
 *
 * @example
 *   compilePatterns(["EMP-\\d{6}"]); // [Detector]
 *   compilePatterns(["(a+)+$"]); // throws SidecarError("validation_failed", …)
 */
export function compilePatterns(patterns: readonly string[]): Detector[] {
  if (patterns.length > MAX_PATTERNS) {
    throw new SidecarError("validation_failed", `patterns: at most ${MAX_PATTERNS} are allowed`);
  }
  return patterns.map(compileOne);
}
