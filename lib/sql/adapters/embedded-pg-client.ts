import { join } from "node:path";
import { ensureEmbeddedPostgres } from "../../embedded/postgres/embedded-postgres.js";
import type { SqlClient } from "../sql-client.js";
import { openPgClient, type PgClientOptions } from "./pg-client.js";

/** A SqlClient on the embedded PostgreSQL and the line the startup log shows for it. */
export interface EmbeddedSql {
  sql: SqlClient;
  /** `embedded postgres (<cluster dir>)`. */
  description: string;
}

/**
 * The `pg` adapter on the embedded PostgreSQL under `<dataDir>/postgres` (started, or shared
 * with the other programs of this process, or with the process already running it). Closing
 * the client also releases the server, so a program holds it exactly as long as its database;
 * the last program of the process to close stops it.
 *
 * @example
 *   const { sql, description } = await openEmbeddedPgClient(".cpod", { schema: "gateway" });
 */
export async function openEmbeddedPgClient(
  dataDir: string,
  opts: PgClientOptions = {},
): Promise<EmbeddedSql> {
  const server = await ensureEmbeddedPostgres({ dataDir: join(dataDir, "postgres") });
  let sql: SqlClient;
  try {
    sql = await openPgClient(server.url, opts);
  } catch (error) {
    await server.close();
    throw error;
  }
  const close = async () => {
    try {
      await sql.close();
    } finally {
      await server.close();
    }
  };
  return { sql: { ...sql, close }, description: server.description };
}
