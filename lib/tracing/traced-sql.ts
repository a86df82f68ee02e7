import { SpanKind, type Tracer } from "@opentelemetry/api";
import { ATTR_DB_OPERATION_NAME, ATTR_DB_SYSTEM_NAME } from "@opentelemetry/semantic-conventions";
import type { SqlClient } from "../sql/index.js";
import { inSpan } from "./run-span.js";

/** `SELECT`, `INSERT`, `WITH`, … — the statement's first word, never its values or names. */
function operationOf(text: string): string {
  return /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase() ?? "QUERY";
}

/**
 * The SQL client with a client span per statement (`postgresql SELECT`) and per transaction,
 * the statements of a transaction nested under it: the PostgreSQL boundary of a program that
 * reaches its database through SqlClient. Parameters are never recorded, and the statement text
 * only by its first word (texts are fixed in code, but the span stays small).
 *
 * @example
 *   const sql = tracing ? tracedSql(opened, tracing.tracer) : opened;
 */
export function tracedSql(sql: SqlClient, tracer: Tracer): SqlClient {
  const attributes = { [ATTR_DB_SYSTEM_NAME]: "postgresql" };
  return {
    query(text, params) {
      const operation = operationOf(text);
      const options = {
        kind: SpanKind.CLIENT,
        attributes: { ...attributes, [ATTR_DB_OPERATION_NAME]: operation },
      };
      return inSpan(tracer, `postgresql ${operation}`, options, () => sql.query(text, params));
    },
    transaction(fn) {
      const options = {
        kind: SpanKind.CLIENT,
        attributes: { ...attributes, [ATTR_DB_OPERATION_NAME]: "TRANSACTION" },
      };
      return inSpan(tracer, "postgresql TRANSACTION", options, () =>
        sql.transaction((tx) => fn(tracedSql(tx, tracer))),
      );
    },
    close: () => sql.close(),
  };
}
