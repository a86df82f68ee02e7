import { EVENT_NAME, ANALYTICS_LIMITS as L, PROPERTY_NAME, USER_ID } from "./limits.js";
import type { AnalyticsQuery } from "./types.js";
import { isScalar, Problems, parseInstant } from "./validation.js";

const QUERY_KEYS = new Set([
  "event",
  "from",
  "to",
  "interval",
  "group_by",
  "aggregate",
  "property",
  "filters",
]);
const INTERVALS = new Set(["minute", "hour", "day", "week", "month"]);
const AGGREGATES = new Set(["count", "uniq_users", "sum", "avg"]);
const OPS = new Set(["eq", "ne", "gt", "gte", "lt", "lte", "in"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkName(name: unknown, at: string, out: Problems): void {
  if (typeof name !== "string" || !PROPERTY_NAME.test(name)) {
    out.add(at, "property name must match ^[A-Za-z_][A-Za-z0-9_.]{0,63}$");
  }
}

function checkRange(q: Record<string, unknown>, out: Problems): void {
  const from = parseInstant(q.from);
  const to = parseInstant(q.to);
  if (from === undefined) out.add("/body/from", "must be an RFC 3339 date-time with a zone");
  if (to === undefined) out.add("/body/to", "must be an RFC 3339 date-time with a zone");
  if (from === undefined || to === undefined) return;
  if (to <= from) out.add("/body/to", "must be after from");
  else if (to - from > L.maxRangeMs) out.add("/body/to", "the range is at most 366 days");
}

function checkValue(f: Record<string, unknown>, at: string, out: Problems): void {
  const values = f.op === "in" ? f.value : [f.value];
  if (!Array.isArray(values) || values.length === 0 || values.length > L.maxInValues) {
    out.add(`${at}/value`, `'in' takes an array of 1 to ${L.maxInValues} scalars`);
    return;
  }
  for (const v of values) {
    if (!isScalar(v, L.maxStringLength)) {
      out.add(`${at}/value`, "values are strings, numbers or booleans");
      return;
    }
    if (f.property === USER_ID && typeof v !== "string") {
      out.add(`${at}/value`, "user_id is a string");
      return;
    }
    if (typeof v === "boolean" && f.op !== "eq" && f.op !== "ne" && f.op !== "in") {
      out.add(`${at}/op`, "booleans compare with eq, ne or in only");
      return;
    }
  }
}

function checkFilters(filters: unknown, out: Problems): void {
  if (filters === undefined) return;
  if (!Array.isArray(filters) || filters.length > L.maxFilters) {
    out.add("/body/filters", `an array of at most ${L.maxFilters} filters`);
    return;
  }
  for (const [i, f] of filters.entries()) {
    const at = `/body/filters/${i}`;
    if (!isObject(f)) {
      out.add(at, "must be an object");
      continue;
    }
    for (const k of Object.keys(f))
      if (!["property", "op", "value"].includes(k)) out.add(`${at}/${k}`, "unknown field");
    checkName(f.property, `${at}/property`, out);
    if (!OPS.has(f.op as string)) {
      out.add(`${at}/op`, "one of eq, ne, gt, gte, lt, lte, in");
      continue;
    }
    checkValue(f, at, out);
  }
}

function checkGrouping(q: Record<string, unknown>, out: Problems): void {
  if (q.interval !== undefined && !INTERVALS.has(q.interval as string)) {
    out.add("/body/interval", "one of minute, hour, day, week, month");
  }
  const g = q.group_by;
  if (g === undefined) return;
  if (
    !Array.isArray(g) ||
    g.length === 0 ||
    g.length > L.maxGroupBy ||
    new Set(g).size !== g.length
  ) {
    out.add("/body/group_by", `1 to ${L.maxGroupBy} distinct property names`);
    return;
  }
  for (const [i, name] of g.entries()) checkName(name, `/body/group_by/${i}`, out);
}

function checkAggregate(q: Record<string, unknown>, out: Problems): void {
  if (!AGGREGATES.has(q.aggregate as string))
    out.add("/body/aggregate", "one of count, uniq_users, sum, avg");
  if (q.property !== undefined) checkName(q.property, "/body/property", out);
  if (q.aggregate !== "sum" && q.aggregate !== "avg") return;
  if (q.property === undefined) out.add("/body/property", `required for ${q.aggregate}`);
  else if (q.property === USER_ID) out.add("/body/property", "user_id is not numeric");
}

/**
 * Validates a structured query (all problems at once, `validation_failed`). After this,
 * `compileQuery` can rely on names matching PROPERTY_NAME, enums being closed and the range
 * being bounded — the limits that keep one query from scanning a tenant's whole history.
 *
 * @example
 *   const q = validateQuery(body); // AnalyticsQuery, or throws ApiError("validation_failed")
 */
export function validateQuery(body: unknown): AnalyticsQuery {
  const out = new Problems();
  if (!isObject(body)) out.add("/body", "must be an object");
  const q = isObject(body) ? body : {};
  for (const k of Object.keys(q)) if (!QUERY_KEYS.has(k)) out.add(`/body/${k}`, "unknown field");
  if (typeof q.event !== "string" || !EVENT_NAME.test(q.event))
    out.add("/body/event", "invalid event name");
  checkRange(q, out);
  checkGrouping(q, out);
  checkAggregate(q, out);
  checkFilters(q.filters, out);
  out.throwIfAny("invalid analytics query");
  return q as unknown as AnalyticsQuery;
}
