import type { FindingKind } from "../finding.js";

/** A half-open range `[start, end)` of a string that must be masked, and why. */
export interface Hit {
  start: number;
  end: number;
  kind: FindingKind;
  patternIndex?: number;
  /**
   * From a generic rule (high entropy): where it overlaps a hit of a specific detector, the
   * span is still masked but reported with the specific kind (`password=…` stays `password`).
   */
  generic?: true;
}

/**
 * Finds sensitive spans in one string. Detectors only locate; merging overlaps and replacing
 * text happen once, in `text-masker.ts`, so every detector stays a small pure function.
 */
export interface Detector {
  find(text: string): Hit[];
}

/**
 * Hits for every match of a global regex that `accept` approves. `group` picks a capture group
 * (the regex then needs the `d` flag) when only part of the match is secret, e.g. the value of
 * `password=…`.
 *
 * @example
 *   regexHits(/\d{3}-\d{2}-\d{4}/g, text, "us_ssn", (m) => isValidSsn(m[0]));
 */
export function regexHits(
  re: RegExp,
  text: string,
  kind: FindingKind,
  accept: (m: RegExpExecArray) => boolean = () => true,
  group = 0,
): Hit[] {
  const hits: Hit[] = [];
  for (const m of text.matchAll(re)) {
    const range: [number, number] | undefined =
      group === 0 ? [m.index, m.index + m[0].length] : m.indices?.[group];
    if (range && range[1] > range[0] && accept(m))
      hits.push({ start: range[0], end: range[1], kind });
  }
  return hits;
}
