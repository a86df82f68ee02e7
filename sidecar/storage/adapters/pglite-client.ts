import { mkdir } from "node:fs/promises";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { SqlClient } from "../sql.js";

function txClient(tx: Transaction): SqlClient {
  const client: SqlClient = {
    query: (text, params) => tx.query(text, params),
    transaction: (inner) => inner(client),
    close: async () => undefined,
  };
  return client;
}

/**
 * A SqlClient over PGlite, real Postgres compiled to WASM, for the embedded mode. `dir` is a data
 * folder (kept across restarts) or undefined for an in-memory database (tests).
 */
export async function openPgliteClient(dir?: string): Promise<SqlClient> {
  if (dir) await mkdir(dir, { recursive: true });
  const db = new PGlite(dir);
  await db.waitReady;
  return {
    query: (text, params) => db.query(text, params),
    transaction: (fn) => db.transaction((tx) => fn(txClient(tx))),
    close: () => db.close(),
  };
}
