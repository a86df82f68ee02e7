// The embedded database's own thread (started by pglite-client.ts): it owns the one PGlite
// instance and runs the statements the main thread posts, so PGlite's WASM work — synchronous,
// resolved as one long microtask chain — never stalls the thread that answers RPCs. Plain
// JavaScript on purpose: a worker entry must load without a TypeScript loader, whether the
// program runs through tsx (`cpod`), vitest or a build. Messages are typed in pglite-protocol.ts.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const READY_ID = 0;
const port = parentPort;
if (!port) throw new TypeError("pglite-worker.mjs runs only as a worker thread");

/** The transferable fields of a failure (structured clone would drop the SQLSTATE). */
function errorFields(error) {
  const e = typeof error === "object" && error !== null ? error : {};
  const fields = { message: typeof e.message === "string" ? e.message : String(error) };
  for (const key of ["code", "constraint", "detail"]) {
    if (typeof e[key] === "string") fields[key] = e[key];
  }
  return fields;
}

const db = new PGlite(workerData.dir);
/** Open transactions by id: PGlite's own `tx` plus how to end its callback. */
const open = new Map();
let lastTx = 0;

/**
 * Opens a transaction through PGlite's `transaction()`, which holds its lock (queries without a
 * `tx` wait) until commit or rollback ends the callback. Resolves with the id once BEGIN ran.
 */
function begin() {
  return new Promise((started, failed) => {
    const id = ++lastTx;
    const entry = {};
    entry.ended = new Promise((commit, rollback) => {
      entry.commit = commit;
      entry.rollback = rollback;
    });
    entry.done = db.transaction((tx) => {
      entry.tx = tx;
      open.set(id, entry);
      started(id);
      return entry.ended;
    });
    entry.done.catch(failed).finally(() => open.delete(id));
  });
}

function transactionOf(id) {
  const entry = open.get(id);
  if (!entry) throw new Error(`transaction ${id} is not open`);
  return entry;
}

const ROLLBACK = Symbol("rollback");

async function run(request) {
  switch (request.op) {
    case "query": {
      const target = request.tx === undefined ? db : transactionOf(request.tx).tx;
      const { rows } = await target.query(request.text, request.params);
      return { rows };
    }
    case "begin":
      return { tx: await begin() };
    case "commit": {
      const entry = transactionOf(request.tx);
      entry.commit();
      await entry.done;
      return {};
    }
    case "rollback": {
      const entry = open.get(request.tx);
      if (entry) {
        entry.rollback(ROLLBACK);
        await entry.done.catch((error) => {
          if (error !== ROLLBACK) throw error;
        });
      }
      return {};
    }
    case "close":
      await db.close();
      setImmediate(() => port.close());
      return {};
    default:
      throw new TypeError(`unknown request ${String(request.op)}`);
  }
}

port.on("message", (request) => {
  run(request).then(
    (result) => port.postMessage({ id: request.id, ...result }),
    (error) => port.postMessage({ id: request.id, error: errorFields(error) }),
  );
});

/** Open, then (when asked) make the schema and put it first on the one connection's path. */
async function ready() {
  await db.waitReady;
  const { schema } = workerData;
  if (schema) await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
}

ready().then(
  () => port.postMessage({ id: READY_ID }),
  (error) => port.postMessage({ id: READY_ID, error: errorFields(error) }),
);
