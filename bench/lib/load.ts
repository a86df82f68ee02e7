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
  /** Requests not answered 2xx within STRAGGLER_MS (counted in the percentiles at that age). */
  unanswered: number;
};

/** How long a paced request may take before it counts as unanswered. */
const STRAGGLER_MS = 5_000;

/**
 * Open loop at a fixed rate: request i is due at i/rate seconds, sent on the first timer tick at
 * or after that, on a keep-alive pool large enough that nothing queues in the client. Latency
 * is timed from the moment each request is handed to the socket to its last response byte with
 * `process.hrtime`, kept raw (autocannon's histogram counts whole milliseconds, too coarse for
 * a sub-millisecond target). A server that cannot keep the rate is not waited for forever:
 * requests still open STRAGGLER_MS after the last send are abandoned and counted as unanswered,
 * at that age, so an overloaded side shows up in its p99 instead of hanging the run.
 */
export async function paced(shape: RequestShape, rate: number, seconds: number): Promise<Paced> {
  const url = new URL(shape.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const samples = new Samples();
  const total = Math.round(rate * seconds);
  let sent = 0;
  let unanswered = 0;
  const open = new Map<http.ClientRequest, bigint>();
  const start = performance.now();
  const send = () => {
    const t0 = process.hrtime.bigint();
    const req = http.request(
      url,
      { method: shape.method ?? "GET", headers: shape.headers, agent },
      (res) => {
        res.resume();
        res.on("end", () => {
          if (!open.delete(req)) return;
          if (res.statusCode && res.statusCode < 300)
            samples.add(Number(process.hrtime.bigint() - t0) / 1000);
          else unanswered++;
        });
      },
    );
    req.on("error", () => {
      if (open.delete(req)) unanswered++;
    });
    open.set(req, t0);
    req.end(shape.body);
  };
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    while (sent < due) {
      send();
      sent++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const deadline = performance.now() + STRAGGLER_MS;
  while (open.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const elapsed = (performance.now() - start) / 1000;
  for (const [req, t0] of open) {
    samples.add(Number(process.hrtime.bigint() - t0) / 1000);
    unanswered++;
    req.destroy();
  }
  agent.destroy();
  return {
    p50us: samples.at(0.5),
    p99us: samples.at(0.99),
    achievedRps: (total - unanswered) / elapsed,
    unanswered,
  };
}
