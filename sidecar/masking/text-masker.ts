import type { Detector, Hit } from "./detectors/index.js";
import { FINDING_KINDS, placeholder, priority } from "./finding.js";

/** A masked string and one hit per replaced span, in text order. */
export interface MaskedText {
  text: string;
  hits: Hit[];
}

/** Kind priority, with every generic hit after every specific one. */
const rank = (hit: Hit) => priority(hit.kind) + (hit.generic ? FINDING_KINDS.length : 0);

/**
 * Overlapping hits become one span covering all of them, so no piece of anything a detector saw
 * stays visible; the span is reported as the highest-priority kind among them, a specific
 * detector's before a generic one's.
 */
export function mergeHits(hits: readonly Hit[]): Hit[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Hit[] = [];
  for (const hit of sorted) {
    const last = merged.at(-1);
    if (!last || hit.start >= last.end) {
      merged.push({ ...hit });
      continue;
    }
    last.end = Math.max(last.end, hit.end);
    if (rank(hit) < rank(last)) {
      last.kind = hit.kind;
      if (hit.generic) last.generic = true;
      else delete last.generic;
      if (hit.patternIndex === undefined) delete last.patternIndex;
      else last.patternIndex = hit.patternIndex;
    }
  }
  return merged;
}

/**
 * Runs every detector over `text` and replaces each merged span with its placeholder.
 *
 * @example
 *   maskText("mail bob@example.com", BUILT_IN_DETECTORS).text; // "mail [REDACTED:email]"
 */
export function maskText(text: string, detectors: readonly Detector[]): MaskedText {
  const hits = mergeHits(detectors.flatMap((d) => d.find(text)));
  if (hits.length === 0) return { text, hits };
  let out = "";
  let at = 0;
  for (const hit of hits) {
    out += text.slice(at, hit.start) + placeholder(hit.kind);
    at = hit.end;
  }
  return { text: out + text.slice(at), hits };
}
