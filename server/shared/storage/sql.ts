/**
 * The small SQL surface the server programs' PostgreSQL-backed stores need. Two adapters
 * implement it — `pg` for a real PostgreSQL server and PGlite (Postgres in WASM) for the embedded
 * mode — so one store implementation and one conformance suite serve both. Same shape as the
 * sidecar's port; the programs never import each other, so each keeps its own copy.
 */
export interface SqlClient {
  /** Runs one parameterized statement (`$1`, `$2`, …); values are never spliced into SQL. */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Runs `fn` in one transaction on one connection; rolls back if it throws. Nested calls join. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Releases the connection pool or the embedded database. */
  close(): Promise<void>;
}

/** A PostgreSQL schema name the adapters may put in `search_path` (never user input). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks a schema name before it is spliced into `SET search_path` / `CREATE SCHEMA` (the only
 * identifiers that cannot be bound as parameters). Misuse is a TypeError at construction.
 *
 * @example
 *   assertSchemaName("control_plane");
 */
export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new TypeError(`invalid schema name ${JSON.stringify(schema)} (want ${SCHEMA_NAME})`);
  }
  return schema;
}

/**
 * Runs `fn` in a transaction holding a transaction-scoped advisory lock named `key`, so a step
 * runs once at a time across every process sharing the database (two instances starting at once
 * never race a migration or both create the first signing key).
 *
 * @example
 *   await withAdvisoryLock(sql, "cpod.control-plane.migrations", (tx) => migrate(tx));
 */
export async function withAdvisoryLock<T>(
  sql: SqlClient,
  key: string,
  fn: (tx: SqlClient) => Promise<T>,
): Promise<T> {
  return sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [key]);
    return fn(tx);
  });
}
