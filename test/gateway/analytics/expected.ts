import type {
  AnalyticsFilter,
  AnalyticsQuery,
  AnalyticsRow,
  PropertyValue,
} from "../../../server/gateway/analytics/types.js";
import type { FixtureEvent } from "./fixture.js";

type Scalar = string | number | boolean;

/** The value a query name reads: `user_id` is the event's own field. */
function read(e: FixtureEvent, name: string): PropertyValue | undefined {
  return name === "user_id" ? e.user_id : e.properties[name];
}

function compare(a: Scalar, b: Scalar): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Typed comparison: a value only compares with a filter value of the same JS type. */
function eq(v: PropertyValue | undefined, want: Scalar): boolean {
  return typeof v === typeof want && v === want;
}

function holds(e: FixtureEvent, f: AnalyticsFilter): boolean {
  const v = read(e, f.property);
  if (f.op === "in") return (f.value as Scalar[]).some((w) => eq(v, w));
  const want = f.value as Scalar;
  if (f.op === "eq") return eq(v, want);
  if (f.op === "ne") return !eq(v, want);
  if (typeof v !== typeof want || v === null || v === undefined) return false;
  const c = compare(v as Scalar, want);
  return { gt: c > 0, gte: c >= 0, lt: c < 0, lte: c <= 0 }[f.op];
}

/** Start of the UTC bucket holding `ms`, as ISO-8601 without milliseconds. */
export function bucketOf(ms: number, interval: NonNullable<AnalyticsQuery["interval"]>): string {
  const d = new Date(ms);
  d.setUTCMilliseconds(0);
  d.setUTCSeconds(0);
  if (interval !== "minute") d.setUTCMinutes(0);
  if (interval !== "minute" && interval !== "hour") d.setUTCHours(0);
  if (interval === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (interval === "month") d.setUTCDate(1);
  return d.toISOString().replace(".000Z", "Z");
}

/** A group value's sort/identity key: its JSON text, `""` when absent or null (as stored). */
function key(v: PropertyValue | undefined): string {
  return v === undefined || v === null ? "" : JSON.stringify(v);
}

function aggregate(q: AnalyticsQuery, events: FixtureEvent[]): number | null {
  if (q.aggregate === "count") return events.length;
  if (q.aggregate === "uniq_users")
    return new Set(events.map((e) => e.user_id).filter(Boolean)).size;
  const nums = events
    .map((e) => e.properties[q.property as string])
    .filter((v) => typeof v === "number");
  const sum = nums.reduce((a, b) => a + b, 0);
  if (q.aggregate === "sum") return sum;
  return nums.length === 0 ? null : sum / nums.length;
}

/**
 * The answer to `q` for `tenant`, computed in plain TypeScript over the fixture — the oracle the
 * SQL results must equal. Ordered by bucket, then group keys (bytewise, as ClickHouse sorts).
 */
export function expectedRows(
  all: readonly FixtureEvent[],
  tenant: string,
  q: AnalyticsQuery,
): AnalyticsRow[] {
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  const names = q.group_by ?? [];
  const hits = all.filter((e) => {
    const ts = Date.parse(e.timestamp);
    return (
      e.tenant === tenant &&
      e.name === q.event &&
      ts >= from &&
      ts < to &&
      (q.filters ?? []).every((f) => holds(e, f))
    );
  });
  if (!q.interval && names.length === 0)
    return [{ bucket: null, group: {}, value: aggregate(q, hits) }];
  const groups = new Map<string, { sort: string[]; row: AnalyticsRow; events: FixtureEvent[] }>();
  for (const e of hits) {
    const bucket = q.interval ? bucketOf(Date.parse(e.timestamp), q.interval) : null;
    const sort = [bucket ?? "", ...names.map((n) => key(read(e, n)))];
    const id = JSON.stringify(sort);
    const g = groups.get(id) ?? {
      sort,
      row: {
        bucket,
        group: Object.fromEntries(names.map((n) => [n, read(e, n) ?? null])),
        value: null,
      },
      events: [],
    };
    g.events.push(e);
    groups.set(id, g);
  }
  const list = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < a.sort.length; i++) {
      const c = compare(a.sort[i] as string, b.sort[i] as string);
      if (c !== 0) return c;
    }
    return 0;
  });
  return list.map((g) => ({ ...g.row, value: aggregate(q, g.events) }));
}
