import { USER_ID } from "../limits.js";
import type { AnalyticsFilter } from "../types.js";

type Params = Record<string, unknown>;
type Scalar = string | number | boolean;

/** Comparison operators, from the contract's closed enum; the only SQL text a filter adds. */
const OPS = { eq: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/** JSON types a property must have for a comparison with a value of each JS type. */
const GUARD = {
  string: "= 'String'",
  number: "IN ('Int64', 'UInt64', 'Double')",
  boolean: "= 'Bool'",
} as const;
const EXTRACT = {
  string: "JSONExtractString",
  number: "JSONExtractFloat",
  boolean: "JSONExtractBool",
};
const PARAM_TYPE = { string: "String", number: "Float64", boolean: "Bool" } as const;

type Kind = keyof typeof GUARD;

/**
 * `{name}` placeholder for the property name: names are parameters too, never identifiers.
 * `JSONType` guards the comparison so `"5"` never equals `5` and a missing property never
 * compares as `0` or `''`.
 */
function typed(p: string, kind: Kind, cmp: (lhs: string) => string): string {
  const key = `{${p}:String}`;
  return `(JSONType(properties, ${key}) ${GUARD[kind]} AND ${cmp(`${EXTRACT[kind]}(properties, ${key})`)})`;
}

function kindOf(value: Scalar): Kind {
  return typeof value as Kind;
}

/** `prop IN [...]` over mixed scalar types: one typed `IN` per JS type present, ORed. */
function inList(p: string, values: readonly Scalar[], params: Params): string {
  const parts: string[] = [];
  for (const kind of ["string", "number", "boolean"] as const) {
    const list = values.filter((v) => typeof v === kind);
    if (list.length === 0) continue;
    const name = `${p}_${kind[0]}`;
    params[name] = list;
    parts.push(typed(p, kind, (lhs) => `${lhs} IN {${name}:Array(${PARAM_TYPE[kind]})}`));
  }
  return `(${parts.join(" OR ")})`;
}

/** The `user_id` column: strings only (checked by validation). */
function userIdFilter(p: string, f: AnalyticsFilter, params: Params): string {
  params[`${p}v`] = f.value;
  if (f.op === "in") return `user_id IN {${p}v:Array(String)}`;
  if (f.op === "ne") return `NOT (user_id = {${p}v:String})`;
  return `user_id ${OPS[f.op]} {${p}v:String}`;
}

/**
 * Compiles filter number `i` to a boolean SQL expression, adding its parameters. `ne` is
 * `NOT eq`, so it also matches events where the property is absent or of another type.
 *
 * @example
 *   filterSql({ property: "plan", op: "eq", value: "pro" }, 0, params)
 *   // (JSONType(properties, {f0:String}) = 'String' AND JSONExtractString(properties, {f0:String}) = {f0v:String})
 */
export function filterSql(f: AnalyticsFilter, i: number, params: Params): string {
  const p = `f${i}`;
  if (f.property === USER_ID) return userIdFilter(p, f, params);
  params[p] = f.property;
  if (Array.isArray(f.value)) return inList(p, f.value, params);
  const value = f.value as Scalar;
  const kind = kindOf(value);
  params[`${p}v`] = value;
  const op = f.op === "ne" || f.op === "in" ? "=" : OPS[f.op];
  const eq = typed(p, kind, (lhs) => `${lhs} ${op} {${p}v:${PARAM_TYPE[kind]}}`);
  return f.op === "ne" ? `NOT ${eq}` : eq;
}
