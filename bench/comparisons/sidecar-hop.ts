import http2 from "node:http2";
import { create, type DescMessage, type MessageShape, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { AuditService, EmitRequestSchema } from "../../gen/proto/coresdk/v1/audit_pb.js";
import {
  AuthorizeRequestSchema,
  AuthService,
  ValidateTokenRequestSchema,
} from "../../gen/proto/coresdk/v1/auth_pb.js";
import { CheckRequestSchema, RateLimitService } from "../../gen/proto/coresdk/v1/rate_limit_pb.js";
import { childEnv } from "../lib/env.js";
import type { BenchOptions } from "../lib/options.js";
import { interleave, pick } from "../lib/pairs.js";
import { freePort, Program, tsxArgs } from "../lib/processes.js";
import { type Row, targetAtMost } from "../lib/rows.js";
import { BENCH_APP, BENCH_TENANT, type Stack } from "../lib/stack.js";
import { ratios, Samples, spread } from "../lib/stats.js";

type Call = () => Promise<unknown>;

/** Calls `call` back to back for `seconds`; per-call cost as mean and p50, in µs. */
async function sequential(call: Call, seconds: number) {
  const samples = new Samples();
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  while (performance.now() < end) {
    const t0 = process.hrtime.bigint();
    await call();
    samples.add(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return { meanUs: ((performance.now() - start) * 1000) / samples.count, p50Us: samples.at(0.5) };
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

/** The four per-request sidecar RPCs, as the gateway sends them, with their wire sizes. */
function rpcs(stack: Stack, baseUrl: string) {
  const transport = createConnectTransport({
    baseUrl,
    httpVersion: "2",
    useBinaryFormat: true,
    sessionManager: new Http2SessionManager(baseUrl),
  });
  const auth = createClient(AuthService, transport);
  const limits = createClient(RateLimitService, transport);
  const audit = createClient(AuditService, transport);
  const subject = { tenantId: BENCH_TENANT, appId: BENCH_APP, scopes: ["kv.read"] };
  const resource = { type: "kv", id: "bench.profile", tenantId: BENCH_TENANT };
  let n = 0;
  const emit = () =>
    create(EmitRequestSchema, {
      tenantId: BENCH_TENANT,
      timestamp: new Date().toISOString(),
      actor: { type: "app", id: BENCH_APP, appId: BENCH_APP },
      action: "kv.get",
      resource: { type: "kv", id: "bench.profile" },
      outcome: "success",
      status: 200,
      requestId: `hop-${process.pid}-${++n}`,
      dedupKey: `hop-${process.pid}-${n}`,
      metadata: { latency_ms: 0.412, operation_id: "getKv" },
    });
  const size = <D extends DescMessage>(schema: D, message: MessageShape<D>) =>
    toBinary(schema, message).byteLength;
  const validate = create(ValidateTokenRequestSchema, { token: stack.token });
  const authorize = create(AuthorizeRequestSchema, { subject, action: "kv.read", resource });
  const check = create(CheckRequestSchema, {
    tenantId: BENCH_TENANT,
    appId: BENCH_APP,
    routeClass: "get_kv",
    cost: 1,
  });
  return [
    {
      name: "ValidateToken",
      bytes: size(ValidateTokenRequestSchema, validate),
      call: () => auth.validateToken(validate),
    },
    {
      name: "Authorize",
      bytes: size(AuthorizeRequestSchema, authorize),
      call: () => auth.authorize(authorize),
    },
    { name: "Check", bytes: size(CheckRequestSchema, check), call: () => limits.check(check) },
    { name: "Emit", bytes: size(EmitRequestSchema, emit()), call: () => audit.emit(emit()) },
  ];
}

/**
 * Sidecar hop (issue #8 item 1): each per-request RPC, one at a time over one HTTP/2 session as
 * the gateway holds it, vs a raw `node:http2` echo of the same number of bytes on the same
 * loopback (its own process too). Cost per call = wall time / calls; target ≤ 2× the echo.
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
  const rows: Row[] = [];
  try {
    for (const rpc of rpcs(stack, stack.sidecarUrl)) {
      const raw = echoCall(session, rpc.bytes);
      await sequential(raw, 0.5);
      await sequential(rpc.call, 0.5);
      const runs = await interleave(
        opts.pairs,
        () => sequential(raw, opts.microSecs),
        () => sequential(rpc.call, opts.microSecs),
      );
      const a = pick(runs.a, "meanUs");
      const b = pick(runs.b, "meanUs");
      const ratio = spread(ratios(a, b)).median;
      rows.push({
        id: `hop-${rpc.name.toLowerCase()}`,
        what: `sidecar ${rpc.name}, µs per call (${rpc.bytes} B request, one at a time)`,
        unit: "µs",
        a: { label: "raw HTTP/2 echo", values: a },
        b: { label: `Connect ${rpc.name}`, values: b },
        relation: "ratio",
        target: targetAtMost(ratio, 2, "≤ 2× the raw echo", "×"),
      });
    }
  } finally {
    session.close();
    await echo.stop(2_000);
  }
  return rows;
}
