import type { QueryField } from "./entity-types.js";

/** A filter value: always of the field's kind (checked by the parser), never null or an object. */
export type Scalar = string | number | boolean;

/** Comparison operators, named after the filter language without the `$`. */
export type CompareOp = "eq" | "ne" | "gt" | "gte" | "lt" | "lte";

/**
 * The parsed filter. Stores translate these nodes and nothing else, so no user JSON ever
 * reaches a driver. Semantics follow MongoDB (the SQL adapter emulates them):
 *
 * - `eq`, `gt`, `gte`, `lt`, `lte`, `in`: a missing field never matches;
 * - `ne`, `nin`: a missing field matches (it is not equal to anything);
 * - `exists`: the field is present;
 * - `and []` matches everything, `or []` nothing.
 */
export type FilterNode =
  | { op: "and" | "or"; nodes: FilterNode[] }
  | { op: CompareOp; field: QueryField; value: Scalar }
  | { op: "in" | "nin"; field: QueryField; values: Scalar[] }
  | { op: "exists"; field: QueryField; value: boolean };

/** The filter that matches every live entity. */
export const MATCH_ALL: FilterNode = { op: "and", nodes: [] };

/** `a AND b`, flattening trivial cases so translated queries stay small. */
export function and(...nodes: FilterNode[]): FilterNode {
  const kept = nodes.filter((n) => !(n.op === "and" && n.nodes.length === 0));
  if (kept.length === 1 && kept[0]) return kept[0];
  return { op: "and", nodes: kept };
}

/**
 * A stable text form of a filter, bound into cursors (their MAC) so a cursor only continues the
 * query that produced it. Field kinds are implied by the type, so only names are kept.
 */
export function filterKey(node: FilterNode): string {
  return JSON.stringify(node, (key, value) =>
    key === "field" ? (value as QueryField).name : value,
  );
}
