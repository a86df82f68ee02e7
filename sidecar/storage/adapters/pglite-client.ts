import { mkdir } from "node:fs/promises";
import { setImmediate as turn } from "node:timers/promises";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { SqlClient } from "../sql.js";

/**
 * PGlite runs each statement synchronously in WASM and resolves its promise as a microtask, so a
 * chain of awaited statements — a transaction, or the audit store's back-to-back batches — never
 * gives the event loop a turn: measured, 200 transactions held it for 830 ms straight, and every
 * ValidateToken/Authorize/Check arriving meanwhile waited. Each statement therefore starts on a
 * fresh event-loop turn (setImmediate), which bounds the stall to one statement.
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
 * folder (kept across restarts) or undefined for an in-memory database (tests).
 */
export async function openPgliteClient(dir?: string): Promise<SqlClient> {
  if (dir) await mkdir(dir, { recursive: true });
  const db = new PGlite(dir);
  await db.waitReady;
  return {
    query: (text, params) => onFreshTurn(() => db.query(text, params)),
    transaction: (fn) => db.transaction((tx) => fn(txClient(tx))),
    close: () => db.close(),
  };
}
