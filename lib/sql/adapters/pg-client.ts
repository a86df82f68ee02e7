import pg from "pg";
import { pgOutage } from "../../driver-outages.js";
import { classifyStoreError } from "../../store-unavailable.js";
import { assertSchemaName, type SqlClient } from "../sql-client.js";

function wrap(run: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }>) {
  return <R>(text: string, params?: unknown[]) => run(text, params) as Promise<{ rows: R[] }>;
}

/**
 * How long a new connection may take to be ready before the store counts as down. pg-pool
 * applies the same bound to waiting for a free pooled connection, so a pool saturated for
 * longer than this also answers 503 with Retry-After (load shedding) instead of queueing on.
 */
export const PG_CONNECT_TIMEOUT_MS = 1_000;
/**
 * How long a statement may wait for its answer. Bounds a paused or wedged server (which
 * accepts connections but never answers); the connection it timed out on is then dropped, not
 * reused, so a late answer never reaches the next statement.
 */
export const PG_QUERY_TIMEOUT_MS = 3_000;

/** Options for {@link openPgClient}. */
export interface PgClientOptions {
  /** Pool size; default 10. */
  max?: number;
  /**
   * A schema of its own (created if missing, then first on every connection's `search_path`), so
   * a program's tables never meet another program's in a shared database, and tests can run in
   * a throwaway schema.
   */
  schema?: string;
  /** The store's name in a StoreUnavailableError and the 503 detail; default `database`. */
  store?: string;
  /** Default {@link PG_CONNECT_TIMEOUT_MS}; 0 waits without bound (pg's own meaning). */
  connectTimeoutMs?: number;
  /** Default {@link PG_QUERY_TIMEOUT_MS}; 0 waits without bound (pg's own meaning). */
  queryTimeoutMs?: number;
}

/** Two instances creating the same schema at once: the loser's unique violation is harmless. */
async function ensureSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "23505" && code !== "42P06") throw error;
  }
}

/**
 * A SqlClient over a `pg` pool for a real PostgreSQL server (`CPOD_POSTGRES_URL`). A server
 * that refuses, drops or does not answer within the timeouts is a StoreUnavailableError
 * (`pgOutage` decides), which the servers answer as 503 `unavailable` with `Retry-After` (the
 * sidecar answers `internal` for it, as for any store failure). Every other failure keeps its
 * SQLSTATE (`code`), so stores can still tell a lost race from a bug.
 *
 * @example
 *   const sql = await openPgClient(process.env.CPOD_POSTGRES_URL!, { schema: "control_plane" });
 */
export async function openPgClient(url: string, opts: PgClientOptions = {}): Promise<SqlClient> {
  const schema = opts.schema === undefined ? undefined : assertSchemaName(opts.schema);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? PG_CONNECT_TIMEOUT_MS,
    query_timeout: opts.queryTimeoutMs ?? PG_QUERY_TIMEOUT_MS,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  const store = opts.store ?? "database";
  const classify = (error: unknown) => classifyStoreError(store, pgOutage, error);
  const guarded = <R>(run: () => Promise<R>) =>
    run().catch((error: unknown) => {
      throw classify(error);
    });
  if (schema) await guarded(() => ensureSchema(pool, schema));
  return {
    query: wrap((text, params) => guarded(() => pool.query(text, params))),
    async transaction(fn) {
      const client = await guarded(() => pool.connect());
      let broken: unknown;
      try {
        await client.query("BEGIN");
        const tx: SqlClient = {
          query: wrap((text, params) => guarded(() => client.query(text, params))),
          transaction: (inner) => inner(tx),
          close: async () => undefined,
        };
        const result = await fn(tx);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        // A connection that failed or timed out is dropped (release with an error), not reused.
        if (pgOutage(error)) broken = error;
        else
          await client.query("ROLLBACK").catch((e: unknown) => {
            broken = e;
          });
        throw classify(error);
      } finally {
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    close: () => pool.end(),
  };
}
