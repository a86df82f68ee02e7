import pg from "pg";
import type { SqlClient } from "../sql.js";

function wrap(run: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }>) {
  return <R>(text: string, params?: unknown[]) => run(text, params) as Promise<{ rows: R[] }>;
}

/** A SqlClient over a `pg` pool for a real PostgreSQL server (`CPOD_POSTGRES_URL`). */
export function openPgClient(url: string, opts: { max?: number } = {}): SqlClient {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
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
