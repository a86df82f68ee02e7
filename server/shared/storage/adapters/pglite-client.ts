import { mkdir } from "node:fs/promises";
import { setImmediate as turn } from "node:timers/promises";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { assertSchemaName, type SqlClient } from "../sql.js";

/**
 * PGlite runs a statement synchronously in WASM and hands the next queued one over as a
 * microtask, so under concurrent requests the whole queue drains in one event-loop turn and
 * every other request (and every sidecar answer) waits. Each statement starts on a fresh turn,
 * bounding the stall to one statement (the sidecar's PGlite client does the same; measured
 * there: an 830 ms stall became 13 ms).
 */
async function onFreshTurn<T>(run: () => Promise<T>): Promise<T> {
  await turn();
  return run();
}

function txClient(tx: Transaction): SqlClient {
  const client: SqlClient = {
    query: (text, params) => onFreshTurn(() => tx.query(text, params)),
    transaction: (inner) => inner(client),
    close: async () => undefined,
  };
  return client;
}

/**
 * A SqlClient over PGlite, real Postgres compiled to WASM, for the embedded mode. `dir` is a data
 * folder (kept across restarts) or undefined for an in-memory database (tests). `schema` works
 * as with the `pg` adapter. PGlite is one connection: transactions run one at a time, so callers
 * keep slow work (hashing, network) outside them.
 *
 * @example
 *   const sql = await openPgliteClient(".cpod/control-plane-pg", { schema: "control_plane" });
 */
export async function openPgliteClient(
  dir?: string,
  opts: { schema?: string } = {},
): Promise<SqlClient> {
  if (dir) await mkdir(dir, { recursive: true });
  const db = new PGlite(dir);
  await db.waitReady;
  if (opts.schema !== undefined) {
    const schema = assertSchemaName(opts.schema);
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
  }
  return {
    query: (text, params) => onFreshTurn(() => db.query(text, params)),
    transaction: (fn) => db.transaction((tx) => fn(txClient(tx))),
    close: () => db.close(),
  };
}
