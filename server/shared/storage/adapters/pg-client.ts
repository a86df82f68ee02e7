import pg from "pg";
import { assertSchemaName, type SqlClient } from "../sql.js";

function wrap(run: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }>) {
  return <R>(text: string, params?: unknown[]) => run(text, params) as Promise<{ rows: R[] }>;
}

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
 * A SqlClient over a `pg` pool for a real PostgreSQL server (`CPOD_POSTGRES_URL`).
 *
 * @example
 *   const sql = await openPgClient(process.env.CPOD_POSTGRES_URL!, { schema: "control_plane" });
 */
export async function openPgClient(url: string, opts: PgClientOptions = {}): Promise<SqlClient> {
  const schema = opts.schema === undefined ? undefined : assertSchemaName(opts.schema);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  if (schema) await ensureSchema(pool, schema);
  return {
    query: wrap((text, params) => pool.query(text, params)),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const tx: SqlClient = {
          query: wrap((text, params) => client.query(text, params)),
          transaction: (inner) => inner(tx),
          close: async () => undefined,
        };
        const result = await fn(tx);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
