import type { LoadSpan } from "./machine.js";
import { differences, ratios, type Spread, spread } from "./stats.js";

/** A target of issue #8, checked against one row's median. */
export interface Target {
  /** e.g. "≥ 25% of bare fastify". */
  text: string;
  met: boolean;
  /** By how much it is met or missed, in words with numbers. */
  detail: string;
}

/**
 * One line of the table. `ratio` rows compare B with A per pair (B/A); `difference` rows report
 * B−A per pair (added latency); `single` rows have one side only (peak RSS, audit drain).
 */
export interface Row {
  id: string;
  what: string;
  unit: string;
  a?: { label: string; values: number[] };
  b: { label: string; values: number[] };
  relation: "ratio" | "difference" | "single";
  target?: Target;
  note?: string;
  /** The 1-minute load average at the start and end of the comparison the row came from. */
  load?: LoadSpan;
}

/** The per-pair relation of a row, as min/median/max. */
export function relationOf(row: Row): Spread | undefined {
  if (!row.a || row.relation === "single") return undefined;
  const f = row.relation === "ratio" ? ratios : differences;
  return spread(f(row.a.values, row.b.values));
}

/** A row that could not run, kept in the table so a gap is visible rather than silent. */
export function skipped(id: string, what: string, why: string): Row {
  return {
    id,
    what,
    unit: "",
    b: { label: "—", values: [] },
    relation: "single",
    note: `not run: ${why}`,
  };
}

/** "at least" / "at most" target on a value, with the margin spelled out. */
export function targetAtLeast(value: number, goal: number, text: string, unit: string): Target {
  const met = value >= goal;
  const pct = ((value - goal) / goal) * 100;
  const fmt = (n: number) => formatNumber(n);
  return {
    text,
    met,
    detail: met
      ? `met: ${fmt(value)}${unit} vs ${fmt(goal)}${unit} (+${pct.toFixed(0)}%)`
      : `missed by ${fmt(goal - value)}${unit} (${fmt(value)}${unit} is ${(100 + pct).toFixed(0)}% of ${fmt(goal)}${unit})`,
  };
}

export function targetAtMost(value: number, goal: number, text: string, unit: string): Target {
  const met = value <= goal;
  const fmt = (n: number) => formatNumber(n);
  return {
    text,
    met,
    detail: met
      ? `met: ${fmt(value)}${unit} vs ≤ ${fmt(goal)}${unit}`
      : `missed by ${fmt(value - goal)}${unit} (${fmt(value)}${unit}, ${(value / goal).toFixed(2)}× the target)`,
  };
}

/** Three significant digits, thousands grouped: 12,300 · 45.6 · 0.789. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return "—";
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString("en-US");
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toFixed(3);
}
