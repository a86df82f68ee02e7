import type { AnalyticsQuery, AnalyticsRow, PropertyValue } from "../types.js";
import { fromChDateTime } from "./schema.js";

/** `''` (absent property / no user) → null; otherwise the raw JSON text of the value. */
function decodeGroupValue(raw: unknown): PropertyValue {
  if (typeof raw !== "string" || raw === "") return null;
  return JSON.parse(raw) as PropertyValue;
}

function decodeValue(raw: unknown): number | null {
  if (raw === null || raw === undefined) return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

/**
 * Turns `JSONEachRow` rows of a statement from `compileQuery` back into contract rows: buckets
 * as ISO-8601 UTC, group values with their JSON types restored, keyed by property name.
 *
 * @example
 *   decodeRows({ group_by: ["plan"], ... }, [{ g0: '"pro"', value: 3 }])
 *   // [{ bucket: null, group: { plan: "pro" }, value: 3 }]
 */
export function decodeRows(
  q: AnalyticsQuery,
  raw: readonly Record<string, unknown>[],
): AnalyticsRow[] {
  const names = q.group_by ?? [];
  return raw.map((r) => ({
    bucket: typeof r.bucket === "string" ? fromChDateTime(r.bucket) : null,
    group: Object.fromEntries(names.map((name, i) => [name, decodeGroupValue(r[`g${i}`])])),
    value: decodeValue(r.value),
  }));
}
