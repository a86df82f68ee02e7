/**
 * The small SQL surface the sidecar's PostgreSQL-backed stores need. Two adapters implement it:
 * `pg` for a real PostgreSQL server and PGlite (Postgres in WASM) for the embedded mode, so one
 * store implementation and one conformance suite serve both.
 */
export interface SqlClient {
  /** Runs one parameterized statement (`$1`, `$2`, …); values are never spliced into SQL. */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Runs `fn` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Releases the connection pool or the embedded database. */
  close(): Promise<void>;
}

/**
 * Runs `fn` once across every process sharing the database (a transaction-scoped advisory lock),
 * so two instances starting at once never race a migration.
 */
export async function withMigrationLock<T>(
  sql: SqlClient,
  key: string,
  fn: (tx: SqlClient) => Promise<T>,
): Promise<T> {
  return sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [key]);
    return fn(tx);
  });
}
