// The labelled set (test/fixtures/masking-cases.json): positives for every kind and tricky
// negatives (dates, versions, ids, hashes, look-alike numbers, prose). Scores each kind by recall
// and precision, prints the tables, and holds the thresholds below. Cases marked
// `"set": "holdout"` were written after the detectors were frozen and never tuned against, so
// their table is the fairer estimate; known misses stay in the set with a `note`.
import { readFileSync } from "node:fs";
import type { JsonValue } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { FINDING_KINDS, type FindingKind } from "../../../sidecar/masking/finding.js";
import { Masker, type MaskRules } from "../../../sidecar/masking/masker.js";

interface LabelledCase {
  text?: string;
  json?: JsonValue;
  rules?: MaskRules;
  want: FindingKind[];
  set?: "holdout";
  note?: string;
}

/** Below what was measured (lowest: password recall 0.943, precision 0.958); see the tables. */
const MIN_RECALL = 0.9;
const MIN_PRECISION = 0.95;

const cases = JSON.parse(
  readFileSync(new URL("../../fixtures/masking-cases.json", import.meta.url), "utf8"),
) as LabelledCase[];

const masker = new Masker();

function found(c: LabelledCase): FindingKind[] {
  const result =
    c.text !== undefined
      ? masker.maskString(c.text, c.rules)
      : masker.maskJson(c.json ?? null, c.rules);
  return result.findings.map((f) => f.kind);
}

const count = (kinds: FindingKind[], kind: FindingKind) => kinds.filter((k) => k === kind).length;

interface Score {
  tp: number;
  fp: number;
  fn: number;
}

/** Multiset matching per case: two emails wanted and one found is one true positive, one miss. */
function score(subset: LabelledCase[]): { scores: Map<FindingKind, Score>; misses: string[] } {
  const scores = new Map(FINDING_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
  const misses: string[] = [];
  for (const c of subset) {
    const got = found(c);
    for (const [kind, s] of scores) {
      const tp = Math.min(count(got, kind), count(c.want, kind));
      s.tp += tp;
      s.fp += count(got, kind) - tp;
      s.fn += count(c.want, kind) - tp;
    }
    const label = JSON.stringify(c.text ?? c.json).slice(0, 70);
    if (got.sort().join() !== [...c.want].sort().join())
      misses.push(`${label} want=[${c.want}] got=[${got}]`);
  }
  return { scores, misses };
}

const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);

function printTable(title: string, scores: Map<FindingKind, Score>): void {
  const rows = [...scores].map(([kind, s]) => ({
    kind,
    ...s,
    recall: ratio(s.tp, s.tp + s.fn).toFixed(3),
    precision: ratio(s.tp, s.tp + s.fp).toFixed(3),
  }));
  console.log(title);
  console.table(rows);
}

describe("labelled set", () => {
  const { scores, misses } = score(cases);
  const holdout = cases.filter((c) => c.set === "holdout");

  it("has at least 200 cases with positives for every kind", () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    for (const kind of FINDING_KINDS)
      expect(
        cases.some((c) => c.want.includes(kind)),
        kind,
      ).toBe(true);
  });

  it("meets recall and precision thresholds per kind", () => {
    printTable(`masking labelled set: all ${cases.length} cases`, scores);
    printTable(`held-out subset: ${holdout.length} cases`, score(holdout).scores);
    if (misses.length > 0) console.log(`cases not matched exactly:\n  ${misses.join("\n  ")}`);
    for (const [kind, s] of scores) {
      expect(ratio(s.tp, s.tp + s.fn), `${kind} recall`).toBeGreaterThanOrEqual(MIN_RECALL);
      expect(ratio(s.tp, s.tp + s.fp), `${kind} precision`).toBeGreaterThanOrEqual(MIN_PRECISION);
    }
  });
});
