/**
 * The small SQL surface every PostgreSQL-backed store of the three programs needs (the control
 * plane's, the gateway's entities, the sidecar's secrets, deny list and audit chain). One adapter
 * implements it — `pg`, on the configured PostgreSQL server or on the embedded one `cpod dev`
 * starts — so the stores run one code path in development and production.
 */
export interface SqlClient {
  /** Runs one parameterized statement (`$1`, `$2`, …); values are never spliced into SQL. */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Runs `fn` in one transaction on one connection; rolls back if it throws. Nested calls join. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Releases the connection pool or the embedded database. */
  close(): Promise<void>;
}

/** A PostgreSQL identifier the code may splice into DDL (never user input). */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks a schema (or table) name before it is spliced into `SET search_path`, `CREATE SCHEMA`
 * or `to_regclass` (identifiers cannot be bound as parameters). Misuse is a TypeError at
 * construction.
 *
 * @example
 *   assertSchemaName("control_plane");
 */
export function assertSchemaName(schema: string): string {
  if (!IDENTIFIER.test(schema)) {
    throw new TypeError(`invalid schema name ${JSON.stringify(schema)} (want ${IDENTIFIER})`);
  }
  return schema;
}

/**
 * Runs `fn` in a transaction holding a transaction-scoped advisory lock named `key`, so a step
 * runs once at a time across every process sharing the database (two instances starting at once
 * never race a migration or both create the first signing key).
 *
 * @example
 *   await withAdvisoryLock(sql, "cpod.control-plane.signing-keys", (tx) => rotate(tx));
 */
export async function withAdvisoryLock<T>(
  sql: SqlClient,
  key: string,
  fn: (tx: SqlClient) => Promise<T>,
): Promise<T> {
  return sql.transaction(async (tx) => {
    await takeAdvisoryLock(tx, key);
    return fn(tx);
  });
}

/** Takes the transaction-scoped advisory lock `key` inside the transaction `tx` already is. */
export async function takeAdvisoryLock(tx: SqlClient, key: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [key]);
}
