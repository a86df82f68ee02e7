import { mkdir } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { assertSchemaName, type SqlClient } from "../sql-client.js";
import { SqlError } from "../sql-error.js";
import {
  READY_ID,
  type WorkerCall,
  type WorkerRequest,
  type WorkerResponse,
  type WorkerStart,
} from "./pglite-protocol.js";

/** The worker entry: plain JavaScript, so it loads the same under tsx, vitest or a build. */
const WORKER_URL = new URL("./pglite-worker.mjs", import.meta.url);

type Ask = (call: WorkerCall) => Promise<WorkerResponse>;

interface Connection {
  ask: Ask;
  /** The worker's "database open" answer. */
  ready: Promise<WorkerResponse>;
  /** Settles when the worker thread has ended. */
  ended(): Promise<void>;
}

interface Waiter {
  resolve(response: WorkerResponse): void;
  reject(error: SqlError): void;
}

/**
 * The main thread's side of the worker: numbers requests, matches answers, rebuilds errors as
 * SqlError (SQLSTATE kept), and fails everything in flight if the worker dies. The worker is
 * ref'd only while requests are in flight, so an idle database never keeps the process alive.
 */
function connect(worker: Worker): Connection {
  const waiting = new Map<number, Waiter>();
  let lastId = READY_ID;
  let stopped: SqlError | undefined;
  const settle = (id: number, settleOne: (w: Waiter) => void) => {
    const waiter = waiting.get(id);
    waiting.delete(id);
    if (waiting.size === 0) worker.unref();
    if (waiter) settleOne(waiter);
  };
  const expect = (id: number) =>
    new Promise<WorkerResponse>((resolve, reject) => {
      if (stopped) return reject(stopped);
      waiting.set(id, { resolve, reject });
      worker.ref();
    });
  worker.on("message", (response: WorkerResponse) =>
    settle(response.id, (w) =>
      response.error ? w.reject(new SqlError(response.error)) : w.resolve(response),
    ),
  );
  const fail = (cause?: unknown) => {
    stopped = new SqlError({ message: "the embedded database worker stopped" }, { cause });
    for (const id of [...waiting.keys()]) settle(id, (w) => w.reject(stopped as SqlError));
  };
  worker.on("error", fail);
  worker.on("exit", () => fail());
  const ready = expect(READY_ID);
  const ask: Ask = (call) => {
    const id = ++lastId;
    const answer = expect(id);
    if (!stopped) worker.postMessage({ ...call, id } satisfies WorkerRequest);
    return answer;
  };
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  // Waiting for the end keeps the thread ref'd, so the process lives to see it.
  const ended = () => {
    worker.ref();
    return exited;
  };
  return { ask, ready, ended };
}

/**
 * Structured clone copies a typed array's whole backing buffer; a small Buffer sits in Node's
 * 8 KiB pool, so bytes are copied out first. Everything else (strings, numbers, arrays, null,
 * Date, bigint) crosses as is.
 */
function transferable(params: unknown[] | undefined): unknown[] {
  return (params ?? []).map((p) => (p instanceof Uint8Array ? new Uint8Array(p) : p));
}

function client(ask: Ask, tx?: number): SqlClient {
  const self: SqlClient = {
    async query<R>(text: string, params?: unknown[]) {
      const request = { op: "query" as const, text, params: transferable(params) };
      const { rows } = await ask(tx === undefined ? request : { ...request, tx });
      return { rows: (rows ?? []) as R[] };
    },
    transaction: (fn) => (tx === undefined ? transaction(ask, fn) : fn(self)),
    close: async () => undefined,
  };
  return self;
}

async function transaction<T>(ask: Ask, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  const { tx } = await ask({ op: "begin" });
  if (tx === undefined) throw new SqlError({ message: "the worker opened no transaction" });
  try {
    const result = await fn(client(ask, tx));
    await ask({ op: "commit", tx });
    return result;
  } catch (error) {
    await ask({ op: "rollback", tx }).catch(() => undefined);
    throw error;
  }
}

/** Options for {@link openPgliteClient}. */
export interface PgliteClientOptions {
  /**
   * A schema of its own (created if missing, then first on the one connection's `search_path`),
   * as with the `pg` adapter, so the same tables land in the same place on either adapter.
   */
  schema?: string;
}

/**
 * A SqlClient over PGlite (real Postgres compiled to WASM) for the embedded mode, run in a worker
 * thread that owns the database. PGlite executes each statement synchronously and resolves it as
 * a microtask, so on the main thread a chain of statements never yielded: 200 transactions once
 * held the event loop for 830 ms, and every request arriving meanwhile waited. In the worker that
 * work overlaps the main thread's instead (measured in test/lib/sql). `dir` is a data folder kept
 * across restarts, or undefined for an in-memory database (tests). PGlite is one connection:
 * transactions run one at a time, so callers keep slow work (hashing, network) outside them.
 *
 * @example
 *   const sql = await openPgliteClient(join(dataDir, "control-plane-pg"), { schema: "control_plane" });
 *   await sql.query("SELECT 1");
 */
export async function openPgliteClient(
  dir?: string,
  opts: PgliteClientOptions = {},
): Promise<SqlClient> {
  const schema = opts.schema === undefined ? undefined : assertSchemaName(opts.schema);
  if (dir) await mkdir(dir, { recursive: true });
  const workerData: WorkerStart = { dir, schema };
  const worker = new Worker(WORKER_URL, { workerData });
  const { ask, ready, ended } = connect(worker);
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  const root = client(ask);
  let closing: Promise<void> | undefined;
  // The worker closes PGlite (flushing the data folder), then ends; a dead worker is closed too.
  root.close = () => {
    closing ??= ask({ op: "close" }).then(ended, ended);
    return closing;
  };
  return root;
}
