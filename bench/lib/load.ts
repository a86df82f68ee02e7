import http from "node:http";
import autocannon from "autocannon";
import { Samples } from "./stats.js";

/** One HTTP request shape, sent identically by every connection. */
export interface RequestShape {
  url: string;
  method?: "GET" | "POST" | "PUT";
  headers?: Record<string, string>;
  body?: string;
}

/** A throughput run's result: successful requests per second and autocannon's latencies (ms). */
export type Throughput = {
  rps: number;
  p50ms: number;
  p99ms: number;
  non2xx: number;
};

/**
 * autocannon, closed loop: `connections` keep one request each in flight for `seconds`. A run
 * where more than 1% of answers are not 2xx (a 429, a 503, a 501 not yet built) throws: a fast
 * error page must never pass for throughput.
 */
export async function throughput(
  shape: RequestShape,
  seconds: number,
  connections = 50,
): Promise<Throughput> {
  const result = await autocannon({
    url: shape.url,
    method: shape.method ?? "GET",
    headers: { "content-type": "application/json", ...shape.headers },
    ...(shape.body === undefined ? {} : { body: shape.body }),
    connections,
    duration: seconds,
  });
  const ok = result["2xx"];
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0.01 * (ok + bad)) {
    throw new Error(
      `${shape.method ?? "GET"} ${shape.url}: ${bad} of ${ok + bad} answers failed (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`,
    );
  }
  return { rps: ok / seconds, p50ms: result.latency.p50, p99ms: result.latency.p99, non2xx: bad };
}

/** A fixed-rate run's latencies in microseconds, and what it actually achieved. */
export type Paced = {
  p50us: number;
  p99us: number;
  achievedRps: number;
};

/**
 * Open loop at a fixed rate: request i is due at i/rate seconds, sent on the first timer tick at
 * or after that, on a keep-alive pool large enough that nothing queues in the client. Latency
 * is timed from the moment each request is handed to the socket to its last response byte with
 * `process.hrtime`, kept raw (autocannon's histogram counts whole milliseconds, too coarse for
 * a sub-millisecond target).
 */
export async function paced(shape: RequestShape, rate: number, seconds: number): Promise<Paced> {
  const url = new URL(shape.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const samples = new Samples();
  const total = Math.round(rate * seconds);
  let sent = 0;
  let failed = 0;
  const inflight = new Set<Promise<void>>();
  const start = performance.now();
  const send = () => {
    const t0 = process.hrtime.bigint();
    const done = new Promise<void>((resolve) => {
      const req = http.request(
        url,
        { method: shape.method ?? "GET", headers: shape.headers, agent },
        (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode && res.statusCode < 300) {
              samples.add(Number(process.hrtime.bigint() - t0) / 1000);
            } else failed++;
            resolve();
          });
        },
      );
      req.on("error", () => {
        failed++;
        resolve();
      });
      req.end(shape.body);
    });
    inflight.add(done);
    void done.then(() => inflight.delete(done));
  };
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    while (sent < due) {
      send();
      sent++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  if (failed > 0.01 * total)
    throw new Error(`${shape.url}: ${failed} of ${total} paced requests failed`);
  return { p50us: samples.at(0.5), p99us: samples.at(0.99), achievedRps: samples.count / elapsed };
}
