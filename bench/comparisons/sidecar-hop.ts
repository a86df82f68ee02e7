import http2 from "node:http2";
import { create, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import {
  AdmissionService,
  AdmitRequestSchema,
  AdmitVerdict,
} from "../../gen/proto/coresdk/v1/admission_pb.js";
import { sendCallerCredential } from "../../lib/caller-credential.js";
import { LeanGrpcClient } from "../../lib/grpc/unary-client.js";
import { childEnv } from "../lib/env.js";
import type { BenchOptions } from "../lib/options.js";
import { type Measurement, pick, rounds } from "../lib/pairs.js";
import { freePort, Program, tsxArgs } from "../lib/processes.js";
import { type Row, targetAtMost } from "../lib/rows.js";
import type { Stack } from "../lib/stack.js";
import { ratios, Samples, spread } from "../lib/stats.js";
import { emitBatchRows } from "./emit-batch.js";
import { KV_KEY } from "./gateway.js";

type Call = () => Promise<unknown>;

/** Calls kept in flight on one HTTP/2 connection for the calls/s rows. */
const IN_FLIGHT = 64;

/** Calls `call` back to back for `seconds`: the p50 round trip, in µs. */
async function sequential(call: Call, seconds: number): Promise<number> {
  const samples = new Samples();
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = process.hrtime.bigint();
    await call();
    samples.add(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return samples.at(0.5);
}

/** `IN_FLIGHT` callers, each calling back to back, for `seconds`: calls answered per second. */
async function concurrent(call: Call, seconds: number): Promise<number> {
  let done = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      await call();
      done++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return done / ((performance.now() - start) / 1000);
}

/** One side's run: the sequential p50, then the calls/s with IN_FLIGHT open. */
async function measure(call: Call, seconds: number): Promise<Measurement> {
  return { p50Us: await sequential(call, seconds), perSec: await concurrent(call, seconds) };
}

/** One echo round trip of `bytes` over an open HTTP/2 session (what an RPC minimally costs). */
function echoCall(session: http2.ClientHttp2Session, bytes: number): Call {
  const body = Buffer.alloc(bytes, 1);
  return () =>
    new Promise<void>((resolve, reject) => {
      const stream = session.request({ ":method": "POST", ":path": "/echo" });
      stream.on("data", () => {});
      stream.on("end", resolve);
      stream.on("error", reject);
      stream.end(body);
    });
}

async function connectEcho(url: string): Promise<http2.ClientHttp2Session> {
  for (let i = 0; i < 100; i++) {
    const session = http2.connect(url);
    const ok = await new Promise<boolean>((resolve) => {
      session.once("connect", () => resolve(true));
      session.once("error", () => resolve(false));
    });
    if (ok) return session;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`h2 echo at ${url} never answered`);
}

/**
 * Admit as the gateway sends it for `GET /v1/kv/{key}`, over the lean gRPC client (the gateway's
 * transport) and over connect-node's gRPC client (the reference), both standard gRPC on one
 * HTTP/2 connection to the sidecar process. Fails unless the sidecar admits it: a refusal is
 * cheaper and must never pass for a round trip.
 */
async function admitCalls(stack: Stack) {
  const request = create(AdmitRequestSchema, {
    token: stack.token,
    action: "kv.read",
    resourceType: "kv",
    resourceId: KV_KEY,
    routeClass: "get_kv",
  });
  const lean = new LeanGrpcClient({
    baseUrl: stack.sidecarUrl,
    headers: stack.callerHeaders,
  });
  const sessions = new Http2SessionManager(stack.sidecarUrl);
  const transport = createGrpcTransport({
    baseUrl: stack.sidecarUrl,
    sessionManager: sessions,
    interceptors: [sendCallerCredential(stack.callerCredential)],
  });
  const connect = createClient(AdmissionService, transport);
  const options = { timeoutMs: 10_000 };
  const calls = {
    lean: () => lean.call(AdmissionService.method.admit, request, options),
    connect: () => connect.admit(request, options),
  };
  for (const call of Object.values(calls)) {
    const { verdict } = await call();
    if (verdict !== AdmitVerdict.ADMITTED)
      throw new Error(`Admit answered ${AdmitVerdict[verdict]}, not ADMITTED`);
  }
  const close = async () => {
    await lean.close();
    sessions.abort();
  };
  // The gRPC frame: 5 bytes of length prefix, then the message.
  return { ...calls, bytes: 5 + toBinary(AdmitRequestSchema, request).byteLength, close };
}

/** The four Admit rows from one set of rounds (echo, lean client, connect-node client). */
function admitRows(bytes: number, echo: Measurement[], lean: Measurement[], cn: Measurement[]) {
  const row = (client: "lean" | "connect", runs: Measurement[], q: "p50Us" | "perSec"): Row => {
    const a = pick(echo, q);
    const b = pick(runs, q);
    const p50 = q === "p50Us";
    const ratio = spread(ratios(a, b)).median;
    const label = client === "lean" ? "Admit, lean gRPC client" : "Admit, connect-node gRPC";
    return {
      id: `hop-admit${client === "lean" ? "" : "-connect"}-${p50 ? "p50" : "rate"}`,
      what: p50
        ? `sidecar Admit round trip, one at a time, p50 (${bytes} B request)`
        : `sidecar Admit calls/s, ${IN_FLIGHT} in flight on one connection (${bytes} B request)`,
      unit: p50 ? "µs" : "/s",
      a: { label: "raw HTTP/2 echo", values: a },
      b: { label, values: b },
      relation: "ratio",
      ...(p50 && client === "lean"
        ? { target: targetAtMost(ratio, 2, "≤ 2× the raw echo", "×") }
        : { note: client === "lean" ? "no target" : "reference: connect-node's client" }),
    };
  };
  return [
    row("lean", lean, "p50Us"),
    row("lean", lean, "perSec"),
    row("connect", cn, "p50Us"),
    row("connect", cn, "perSec"),
  ];
}

/**
 * Sidecar hop (issue #8 item 1): Admit — the one sidecar call a request makes before its handler
 * — against a raw `node:http2` echo of the same bytes (bench/servers/h2-echo.ts, its own
 * process), the client being this process and the sidecar its own: the round trip one call at a
 * time (p50; target ≤ 2× the echo) and the calls/s with 64 in flight. Then the records/s one
 * sidecar accepts through EmitBatch (emit-batch.ts).
 */
export async function sidecarHopComparison(stack: Stack, opts: BenchOptions): Promise<Row[]> {
  const port = await freePort();
  const echo = new Program(
    "h2-echo",
    tsxArgs("bench/servers/h2-echo.ts"),
    childEnv({ BENCH_ECHO_ADDR: `127.0.0.1:${port}` }),
    stack.dir,
  );
  const session = await connectEcho(`http://127.0.0.1:${port}`);
  const admit = await admitCalls(stack);
  try {
    const raw = echoCall(session, admit.bytes);
    for (const call of [raw, admit.lean, admit.connect]) await measure(call, 0.5);
    const [echoRuns = [], leanRuns = [], connectRuns = []] = await rounds(
      opts.pairs,
      [raw, admit.lean, admit.connect].map((call) => () => measure(call, opts.microSecs)),
    );
    const rows = admitRows(admit.bytes, echoRuns, leanRuns, connectRuns);
    return [...rows, ...(await emitBatchRows(stack, opts))];
  } finally {
    await admit.close();
    session.close();
    await echo.stop(2_000);
  }
}
