// The open-loop KV prober of the thread-* rows, on its own thread (see kv-prober.ts). Plain
// JavaScript: a worker does not get the bench's tsx loader.
import { Agent, get } from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const { url, token, everyMs } = workerData;
const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);
// node:http on a keep-alive pool, not fetch: the client's own cost per read stays small (see
// keep-alive-client.ts), so the latency is the server's.
const agent = new Agent({ keepAlive: true });
const headers = { authorization: `Bearer ${token}` };

/** One read; its latency in ms. */
function read() {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    get(url, { headers, agent }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => {
        if (res.statusCode !== 200) {
          reject(new Error(`kv read: ${res.statusCode} ${Buffer.concat(chunks).toString()}`));
        } else resolve(performance.now() - started);
      });
      res.on("error", reject);
    }).on("error", reject);
  });
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
