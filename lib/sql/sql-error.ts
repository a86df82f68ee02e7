/** SQLSTATE of a unique or primary-key violation: stores read it as "someone got there first". */
export const UNIQUE_VIOLATION = "23505";

/** The fields of a PostgreSQL error worth carrying across a thread or process boundary. */
export interface SqlErrorFields {
  message: string;
  /** SQLSTATE, e.g. `23505`; absent for failures that are not the database's (a crashed worker). */
  code?: string;
  /** The constraint a violation names, when the server says. */
  constraint?: string;
  detail?: string;
}

/**
 * A database failure with its SQLSTATE kept, so stores can tell a lost race (`23505`) from an
 * outage whichever adapter ran the statement: the embedded one rebuilds its worker's errors as
 * this class, and `pg`/PGlite errors already carry the same `code` field.
 *
 * @example
 *   if (SqlError.from(error).code === UNIQUE_VIOLATION) retryOnFreshHead();
 */
export class SqlError extends Error {
  override readonly name = "SqlError";
  readonly code: string | undefined;
  readonly constraint: string | undefined;
  readonly detail: string | undefined;

  constructor(fields: SqlErrorFields, options: { cause?: unknown } = {}) {
    super(fields.message, options);
    this.code = fields.code;
    this.constraint = fields.constraint;
    this.detail = fields.detail;
  }

  /** Normalizes anything thrown: an SqlError as is, a driver error with its SQLSTATE kept. */
  static from(error: unknown): SqlError {
    if (error instanceof SqlError) return error;
    return new SqlError(sqlErrorFields(error), { cause: error });
  }
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/** The transferable fields of anything thrown (a `pg`/PGlite DatabaseError or any other value). */
export function sqlErrorFields(error: unknown): SqlErrorFields {
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const fields: SqlErrorFields = { message: text(e.message) ?? String(error) };
  for (const key of ["code", "constraint", "detail"] as const) {
    const value = text(e[key]);
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}

/** True when `error` is a unique or primary-key violation, from any SqlClient adapter. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlErrorFields(error).code === UNIQUE_VIOLATION;
}
