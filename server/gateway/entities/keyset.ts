import { ApiError } from "../../shared/errors/api-error.js";
import type { EntityRecord, SortKey } from "./entity-store.js";
import type { EntityType, QueryField } from "./entity-types.js";
import type { FilterNode, Scalar } from "./filter-ast.js";

/**
 * Where a page ended: the last entity's sort value (null when it lacks the field) and its id.
 * Paging continues strictly after this position instead of skipping N rows, so an insert or
 * delete elsewhere never shifts a page (keyset pagination).
 */
export interface Position {
  value: Scalar | null;
  id: string;
}

/** The sort used when the caller names none: ids are ULIDs, so this is creation order. */
export const DEFAULT_SORT: SortKey = { field: "id", direction: "asc" };

/**
 * Parses the `sort` parameter: one queryable field, `-` prefix for descending. Other values are
 * `validation_failed`: sorting only on indexed fields keeps every page an index range scan.
 *
 * @example
 *   parseSort(person, "-display_name"); // { field: "display_name", direction: "desc" }
 */
export function parseSort(type: EntityType, input: string | undefined): SortKey {
  if (input === undefined || input === "") return DEFAULT_SORT;
  const desc = input.startsWith("-");
  const name = desc ? input.slice(1) : input;
  if (!type.queryable.has(name)) {
    const message = `sort takes one of ${[...type.queryable.keys()].join(", ")}, optionally prefixed by -`;
    throw new ApiError("validation_failed", message, {
      errors: [{ path: "/query/sort", message }],
    });
  }
  return { field: name, direction: desc ? "desc" : "asc" };
}

/** The text form of a sort bound into cursors: `-name` or `name`. */
export const sortKeyText = (sort: SortKey) =>
  `${sort.direction === "desc" ? "-" : ""}${sort.field}`;

/** The position of `entity` under `sort`, to resume after it. */
export function positionOf(type: EntityType, sort: SortKey, entity: EntityRecord): Position {
  if (!type.queryable.has(sort.field)) throw new TypeError(`not a sort field: ${sort.field}`);
  const value = entity[sort.field];
  const scalar = ["string", "number", "boolean"].includes(typeof value);
  return { value: scalar ? (value as Scalar) : null, id: entity.id };
}

const ID: QueryField = { name: "id", kind: "string", base: true };

/**
 * The predicate "sorts strictly after `pos`" as a filter node, so every store pages with the
 * same translator it filters with. Missing values sort first ascending and last descending
 * (MongoDB's order; the SQL adapter uses NULLS FIRST / NULLS LAST to match).
 *
 * @example
 *   afterPosition(person, { field: "email", direction: "asc" }, { value: "a@x", id: "per_…" });
 *   // email > "a@x" OR (email = "a@x" AND id > "per_…")
 */
export function afterPosition(type: EntityType, sort: SortKey, pos: Position): FilterNode {
  const asc = sort.direction === "asc";
  const idAfter: FilterNode = { op: asc ? "gt" : "lt", field: ID, value: pos.id };
  if (sort.field === "id") return idAfter;
  const field = type.queryable.get(sort.field);
  if (!field) throw new TypeError(`not a sort field: ${sort.field}`);
  const missing: FilterNode = { op: "exists", field, value: false };
  if (pos.value === null) {
    if (!asc) return { op: "and", nodes: [missing, idAfter] };
    const present: FilterNode = { op: "exists", field, value: true };
    return { op: "or", nodes: [present, { op: "and", nodes: [missing, idAfter] }] };
  }
  const beyond: FilterNode = { op: asc ? "gt" : "lt", field, value: pos.value };
  const tie: FilterNode = {
    op: "and",
    nodes: [{ op: "eq", field, value: pos.value }, idAfter],
  };
  return { op: "or", nodes: asc ? [beyond, tie] : [beyond, tie, missing] };
}
