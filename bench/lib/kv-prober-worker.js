// The open-loop KV prober of the thread-* rows, on its own thread (see kv-prober.ts). Plain
// JavaScript: a worker does not get the bench's tsx loader.
import { parentPort, workerData } from "node:worker_threads";

const { url, token, everyMs } = workerData;
const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);

/** One read; its latency in ms. */
async function read() {
  const started = performance.now();
  const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`kv read: ${r.status} ${await r.text()}`);
  await r.arrayBuffer();
  return performance.now() - started;
}

/** Reads every `everyMs` until told to stop; answers their latencies (or the first failure). */
async function run() {
  /** @type {number[]} */
  const latencies = [];
  /** @type {Promise<void>[]} */
  const inFlight = [];
  /** @type {string | undefined} */
  let failure;
  let done = false;
  port.once("message", () => {
    done = true;
  });
  while (!done) {
    inFlight.push(
      read().then(
        (ms) => {
          latencies.push(ms);
        },
        (error) => {
          failure ??= error.message;
        },
      ),
    );
    await new Promise((r) => setTimeout(r, everyMs));
  }
  await Promise.all(inFlight);
  port.postMessage({ latencies, failure });
}

// Unmeasured reads first: the first fetch of a thread loads and compiles its HTTP client.
for (let i = 0; i < 20; i++) await read();
port.postMessage("ready");
port.on("message", (message) => {
  if (message === "run") void run();
});
