import { ApiError } from "../../shared/errors/api-error.js";
import type { EntityType, QueryField } from "./entity-types.js";
import { type CompareOp, type FilterNode, MATCH_ALL, type Scalar } from "./filter-ast.js";

/**
 * Limits of the filter language (also stated in the contract's `filter` parameter). They keep
 * one request's query cheap for the store: a bounded number of index probes, no deep recursion.
 */
export const FILTER_LIMITS = {
  /** Characters of the JSON text. */
  maxLength: 4096,
  /** Object levels: the top-level object is 1, each `$and`/`$or` member one more. */
  maxDepth: 4,
  /** Conditions in total: every operator on a field, and every `$and`/`$or`. */
  maxConditions: 20,
  /** Values in one `$in`/`$nin`. */
  maxValues: 100,
  /** Characters in one string value. */
  maxStringLength: 1024,
} as const;

const COMPARE: Record<string, CompareOp> = {
  $eq: "eq",
  $ne: "ne",
  $gt: "gt",
  $gte: "gte",
  $lt: "lt",
  $lte: "lte",
};

/** Keys that mean something to JavaScript objects; named in the error so the intent is clear. */
const POISON = new Set(["__proto__", "constructor", "prototype"]);

function invalid(path: string, message: string): ApiError {
  const where = path === "" ? "" : ` at ${path}`;
  return new ApiError("invalid_filter", `${message}${where}`, {
    errors: [{ path: `/query/filter${path}`, message }],
  });
}

/** A key as it may appear in an error: short, so a hostile key is not echoed whole. */
const short = (key: string) => (key.length > 40 ? `${key.slice(0, 40)}…` : key);
const shown = (key: string) => JSON.stringify(short(key));
/** A JSON Pointer segment for `key` (shortened the same way). */
const pointer = (key: string) => short(key).replaceAll("~", "~0").replaceAll("/", "~1");

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Parses and validates one filter for one entity type. Holds the per-call condition budget. */
class FilterParser {
  private conditions = 0;

  constructor(private readonly type: EntityType) {}

  /** One filter object: its clauses ANDed. */
  object(value: unknown, path: string, depth: number): FilterNode {
    if (!isPlainObject(value)) throw invalid(path, "a filter must be a JSON object");
    if (depth > FILTER_LIMITS.maxDepth) {
      throw invalid(path, `filters nest at most ${FILTER_LIMITS.maxDepth} levels`);
    }
    const nodes = Object.keys(value).map((key) => {
      const at = `${path}/${pointer(key)}`;
      if (POISON.has(key)) throw invalid(at, `key ${shown(key)} is not allowed`);
      if (key === "$and" || key === "$or") return this.logical(key, value[key], at, depth);
      if (key.startsWith("$")) throw invalid(at, `unknown operator ${shown(key)}`);
      return this.field(key, value[key], at);
    });
    return nodes.length === 1 && nodes[0] ? nodes[0] : { op: "and", nodes };
  }

  private count(path: string): void {
    this.conditions += 1;
    if (this.conditions > FILTER_LIMITS.maxConditions) {
      throw invalid(path, `a filter has at most ${FILTER_LIMITS.maxConditions} conditions`);
    }
  }

  private logical(key: "$and" | "$or", value: unknown, path: string, depth: number): FilterNode {
    this.count(path);
    if (!Array.isArray(value) || value.length === 0) {
      throw invalid(path, `${key} takes a non-empty array of filters`);
    }
    if (value.length > FILTER_LIMITS.maxConditions) {
      throw invalid(path, `${key} takes at most ${FILTER_LIMITS.maxConditions} filters`);
    }
    const nodes = value.map((item, i) => this.object(item, `${path}/${i}`, depth + 1));
    return { op: key === "$and" ? "and" : "or", nodes };
  }

  private field(name: string, value: unknown, path: string): FilterNode {
    const field = this.type.queryable.get(name);
    if (!field)
      throw invalid(path, `${shown(name)} is not a filterable field of ${this.type.name}`);
    if (!isPlainObject(value)) {
      this.count(path);
      return { op: "eq", field, value: this.scalar(field, value, path) };
    }
    const ops = Object.keys(value);
    if (ops.length === 0) throw invalid(path, "an operator object needs at least one operator");
    const nodes = ops.map((op) => this.operator(field, op, value[op], `${path}/${pointer(op)}`));
    return nodes.length === 1 && nodes[0] ? nodes[0] : { op: "and", nodes };
  }

  private operator(field: QueryField, op: string, value: unknown, path: string): FilterNode {
    this.count(path);
    const compare = Object.hasOwn(COMPARE, op) ? COMPARE[op] : undefined;
    if (compare) return { op: compare, field, value: this.scalar(field, value, path) };
    if (op === "$in" || op === "$nin") return this.list(field, op, value, path);
    if (op === "$exists") {
      if (typeof value !== "boolean") throw invalid(path, "$exists takes true or false");
      return { op: "exists", field, value };
    }
    throw invalid(path, `unknown operator ${shown(op)}`);
  }

  private list(field: QueryField, op: "$in" | "$nin", value: unknown, path: string): FilterNode {
    if (!Array.isArray(value)) throw invalid(path, `${op} takes an array`);
    if (value.length > FILTER_LIMITS.maxValues) {
      throw invalid(path, `${op} takes at most ${FILTER_LIMITS.maxValues} values`);
    }
    const values = value.map((v, i) => this.scalar(field, v, `${path}/${i}`));
    return { op: op === "$in" ? "in" : "nin", field, values };
  }

  /** A value of the field's kind; null, objects and arrays are refused. */
  private scalar(field: QueryField, value: unknown, path: string): Scalar {
    const ok =
      (field.kind === "string" && typeof value === "string") ||
      (field.kind === "number" && typeof value === "number" && Number.isFinite(value)) ||
      (field.kind === "boolean" && typeof value === "boolean");
    if (!ok) throw invalid(path, `${field.name} takes a ${field.kind} value`);
    if (typeof value === "string" && value.length > FILTER_LIMITS.maxStringLength) {
      throw invalid(path, `string values have at most ${FILTER_LIMITS.maxStringLength} characters`);
    }
    return value as Scalar;
  }
}

function decode(text: string): unknown {
  if (text.length > FILTER_LIMITS.maxLength) {
    throw invalid("", `a filter has at most ${FILTER_LIMITS.maxLength} characters`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw invalid("", "the filter is not valid JSON");
  }
}

/**
 * Parses the `filter` query parameter (JSON text, or an already-decoded value) into a
 * {@link FilterNode} for `type`, or throws `invalid_filter` (400). Only the type's indexed
 * fields and `id`, `created_at`, `updated_at` may be named; only the operators of DESIGN §6.
 *
 * @example
 *   parseFilter(person, '{"$or":[{"email":"ada@example.org"},{"display_name":{"$gte":"M"}}]}');
 */
export function parseFilter(type: EntityType, input: unknown): FilterNode {
  if (input === undefined) return MATCH_ALL;
  const value = typeof input === "string" ? decode(input) : input;
  return new FilterParser(type).object(value, "", 1);
}
