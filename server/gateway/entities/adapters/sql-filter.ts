import type { QueryField } from "../entity-types.js";
import type { FilterNode, Scalar } from "../filter-ast.js";

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const CAST = { string: "text", number: "numeric", boolean: "boolean" } as const;
const COMPARE = { eq: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/**
 * A contract identifier as a SQL string literal. Only names matching a plain identifier
 * pattern (checked again here) are ever inlined — field and type names from the contract, so
 * queries match the expression and partial indexes; values are always `$n` parameters.
 */
export function identLiteral(name: string): string {
  if (!IDENTIFIER.test(name)) throw new TypeError(`not an identifier: ${name}`);
  return `'${name}'`;
}

/**
 * The SQL expression for a queryable field, typed by its kind so comparisons are bytewise for
 * strings (`COLLATE "C"`, like MongoDB) and numeric for numbers. A value of another JSON type
 * reads as NULL, i.e. "missing", which is also how MongoDB's type bracketing treats it. The
 * same text is used in the expression indexes, so the planner can match them.
 */
export function fieldExpr(field: QueryField): string {
  if (field.base) {
    if (!["id", "created_at", "updated_at"].includes(field.name)) {
      throw new TypeError(`not a queryable base field: ${field.name}`);
    }
    return field.name;
  }
  const name = identLiteral(field.name);
  if (field.kind === "string") return `((doc->>${name}) COLLATE "C")`;
  const json = field.kind === "number" ? "'number'" : "'boolean'";
  return `(CASE WHEN jsonb_typeof(doc->${name}) = ${json} THEN (doc->>${name})::${CAST[field.kind]} END)`;
}

/** Collects `$n` parameters for one statement, starting after the ones already bound. */
export class SqlParams {
  readonly values: unknown[];

  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }

  /** Binds `value` and answers its placeholder with an explicit cast. */
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

function scalarParam(params: SqlParams, field: QueryField, value: Scalar): string {
  return params.add(value, CAST[field.kind]);
}

/**
 * Translates a filter AST into a parameterized SQL condition over the `entities` table with
 * MongoDB's semantics: `ne`/`nin` match a missing field, the other comparisons do not, `in`
 * with no values matches nothing. Values become `$n` parameters; nothing user-supplied is
 * spliced into the text.
 *
 * @example
 *   const params = new SqlParams([tenant]);
 *   toSqlFilter({ op: "gt", field: email, value: "m" }, params);
 *   // `((doc->>'email') COLLATE "C") > $2::text`, params.values = [tenant, "m"]
 */
export function toSqlFilter(node: FilterNode, params: SqlParams): string {
  switch (node.op) {
    case "and":
    case "or": {
      if (node.nodes.length === 0) return node.op === "and" ? "TRUE" : "FALSE";
      const parts = node.nodes.map((child) => toSqlFilter(child, params));
      return `(${parts.join(node.op === "and" ? " AND " : " OR ")})`;
    }
    case "exists":
      return `${fieldExpr(node.field)} IS ${node.value ? "NOT NULL" : "NULL"}`;
    case "in":
    case "nin": {
      const list = params.add([...node.values], `${CAST[node.field.kind]}[]`);
      const expr = fieldExpr(node.field);
      return node.op === "in"
        ? `${expr} = ANY(${list})`
        : `(${expr} IS NULL OR ${expr} <> ALL(${list}))`;
    }
    case "ne": {
      const expr = fieldExpr(node.field);
      return `(${expr} IS NULL OR ${expr} <> ${scalarParam(params, node.field, node.value)})`;
    }
    default:
      return `${fieldExpr(node.field)} ${COMPARE[node.op]} ${scalarParam(params, node.field, node.value)}`;
  }
}
