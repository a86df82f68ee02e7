import type { SqlErrorFields } from "../sql-error.js";

/**
 * What the main thread asks the embedded database's worker (pglite-worker.mjs) to do. `tx` names
 * a transaction the worker holds open between messages; a query without it runs on its own and
 * waits while a transaction is open (PGlite is one connection).
 */
export type WorkerCall =
  | { op: "query"; text: string; params: unknown[]; tx?: number }
  | { op: "begin" }
  | { op: "commit"; tx: number }
  | { op: "rollback"; tx: number }
  | { op: "close" };

/** A call as posted: numbered, so the answer (which may come out of order) finds its caller. */
export type WorkerRequest = WorkerCall & { id: number };

/**
 * The worker's answer to request `id`: rows for a query, the transaction id for a begin, nothing
 * for the rest, or the error's transferable fields (structured clone drops an error's SQLSTATE,
 * so the worker sends the fields and the client rebuilds an SqlError). The worker answers id
 * {@link READY_ID} once, unasked, when the database is open (or failed to open).
 */
export interface WorkerResponse {
  id: number;
  rows?: unknown[];
  tx?: number;
  error?: SqlErrorFields;
}

/** The id of the worker's unasked "database open" answer; requests count from 1. */
export const READY_ID = 0;

/** What the worker is started with (`workerData`). */
export interface WorkerStart {
  /** Data folder, or undefined for an in-memory database. */
  dir: string | undefined;
  /** A checked schema name to create and put first on `search_path`, or undefined. */
  schema: string | undefined;
}
