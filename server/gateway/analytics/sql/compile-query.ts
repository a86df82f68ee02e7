import { ANALYTICS_LIMITS, USER_ID } from "../limits.js";
import type { AnalyticsQuery, CompiledStatement } from "../types.js";
import { filterSql } from "./filters.js";
import { EVENTS_TABLE, toChDateTime } from "./schema.js";

/** Bucket functions from the contract's closed `interval` enum; weeks start on Monday (ISO). */
const BUCKETS = {
  minute: "toStartOfMinute(ts)",
  hour: "toStartOfHour(ts)",
  day: "toStartOfDay(ts)",
  week: "toStartOfWeek(ts, 1)",
  month: "toStartOfMonth(ts)",
} as const;

/** A property read as a number; NULL when absent or not a JSON number, so sum/avg skip it. */
const NUMBER =
  "if(JSONType(properties, {agg:String}) IN ('Int64', 'UInt64', 'Double'), JSONExtractFloat(properties, {agg:String}), NULL)";

/** Aggregates as Float64 so 64-bit counts come back as JSON numbers, not quoted strings. */
const AGGREGATES = {
  count: "toFloat64(count())",
  uniq_users: "toFloat64(uniqExactIf(user_id, user_id != ''))",
  sum: `ifNull(sum(${NUMBER}), 0)`,
  avg: `avg(${NUMBER})`,
} as const;

/**
 * A group-by key as its raw JSON text (`'"pro"'`, `'49.5'`, `'true'`; `''` when absent or null), so the
 * value's type survives grouping and decoding; `user_id` reads the column.
 */
function groupSql(name: string, i: number, params: Record<string, unknown>): string {
  if (name === USER_ID) return `if(user_id = '', '', toJSONString(user_id)) AS g${i}`;
  params[`g${i}`] = name;
  const key = `{g${i}:String}`;
  return `if(JSONType(properties, ${key}) = 'Null', '', JSONExtractRaw(properties, ${key})) AS g${i}`;
}

/**
 * Compiles a validated query into one SELECT whose every caller-supplied value — tenant, event,
 * time range, property names, filter values — is a server-side parameter. The only text taken
 * from the request is chosen from closed enums (interval, aggregate, operator). The tenant is an
 * argument from the token, never a query field. One row past `maxRows` is fetched so the
 * service can refuse an over-large result instead of truncating it.
 *
 * @example
 *   compileQuery("t_1", { event: "login", from, to, aggregate: "count" }).params.tenant // "t_1"
 */
export function compileQuery(tenantId: string, q: AnalyticsQuery): CompiledStatement {
  const params: Record<string, unknown> = {
    tenant: tenantId,
    event: q.event,
    from: toChDateTime(Date.parse(q.from)),
    to: toChDateTime(Date.parse(q.to)),
    limit: ANALYTICS_LIMITS.maxRows + 1,
  };
  if (q.aggregate === "sum" || q.aggregate === "avg") params.agg = q.property;
  const keys: string[] = [];
  const select: string[] = [];
  if (q.interval) {
    select.push(`toDateTime(${BUCKETS[q.interval]}, 'UTC') AS bucket`);
    keys.push("bucket");
  }
  (q.group_by ?? []).forEach((name, i) => {
    select.push(groupSql(name, i, params));
    keys.push(`g${i}`);
  });
  select.push(`${AGGREGATES[q.aggregate]} AS value`);
  const where = [
    "tenant_id = {tenant:String}",
    "event = {event:String}",
    "ts >= {from:DateTime64(3, 'UTC')}",
    "ts < {to:DateTime64(3, 'UTC')}",
    ...(q.filters ?? []).map((f, i) => filterSql(f, i, params)),
  ];
  const grouped =
    keys.length > 0 ? `\nGROUP BY ${keys.join(", ")}\nORDER BY ${keys.join(", ")}` : "";
  const sql = `SELECT ${select.join(", ")}\nFROM ${EVENTS_TABLE}\nWHERE ${where.join("\n  AND ")}${grouped}\nLIMIT {limit:UInt32}`;
  return { sql, params };
}
