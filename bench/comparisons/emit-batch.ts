import { create } from "@bufbuild/protobuf";
import {
  AuditService,
  type EmitBatchResponse,
  EmitRequestSchema,
} from "../../gen/proto/coresdk/v1/audit_pb.js";
import { LeanGrpcClient } from "../../lib/grpc/unary-client.js";
import type { BenchOptions } from "../lib/options.js";
import { interleave, type Measurement, pick } from "../lib/pairs.js";
import { type Row, targetAtLeast } from "../lib/rows.js";
import { BENCH_APP, type Stack } from "../lib/stack.js";
import { spread } from "../lib/stats.js";

/** The two batch sizes: a gateway's quiet-time batch and a busy one (the sidecar takes ≤ 512). */
const SIZES = [32, 256] as const;
/** EmitBatch calls kept in flight at once, as a gateway's emitter (or several) would. */
const IN_FLIGHT = 4;
/** The target for one sidecar. */
const GOAL = 50_000;

let runNo = 0;

/** One batch of `size` records of one tenant, each with its own request id and dedup key. */
function batch(tenantId: string, prefix: string, size: number, from: number) {
  return Array.from({ length: size }, (_, i) => {
    const id = `${prefix}-${from + i}`;
    return create(EmitRequestSchema, {
      tenantId,
      timestamp: new Date().toISOString(),
      actor: { type: "app", id: BENCH_APP, appId: BENCH_APP },
      action: "kv.get",
      resource: { type: "kv", id: "bench.profile" },
      outcome: "success",
      status: 200,
      requestId: id,
      dedupKey: id,
      metadata: { latency_ms: 0.412, operation_id: "getKv" },
    });
  });
}

const accepted = (response: EmitBatchResponse) =>
  response.results.filter((r) => r.result.case === "record").length;

/**
 * EmitBatch calls of `size` records, IN_FLIGHT at once, for `seconds`, all for one fresh tenant
 * (a chain of its own, so no run appends to another's and no dedup key repeats): records the
 * sidecar answered as stored, per second, counted from the answers. A failed record is not
 * counted; a failed call fails the run.
 */
async function recordsPerSec(client: LeanGrpcClient, size: number, seconds: number) {
  const run = ++runNo;
  const tenantId = `ten_emit_${process.pid}_${run}`;
  const prefix = `emit-${process.pid}-${run}`;
  let next = 0;
  let stored = 0;
  let sent = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const records = batch(tenantId, prefix, size, next);
      next += size;
      sent += size;
      const answer = await client.call(
        AuditService.method.emitBatch,
        { records },
        { timeoutMs: 60_000 },
      );
      stored += accepted(answer);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { perSec: stored / ((performance.now() - start) / 1000), refused: sent - stored };
}

/** One batch size's row: records/s per run, the target on the median. */
function row(size: number, runs: Measurement[]): Row {
  const values = pick(runs, "perSec");
  const refused = pick(runs, "refused").reduce((sum, n) => sum + n, 0);
  const median = spread(values).median;
  return {
    id: `hop-emit-${size}`,
    what: `EmitBatch records/s accepted by one sidecar (${size} per batch, ${IN_FLIGHT} in flight, a fresh tenant per run)`,
    unit: "/s",
    b: { label: "sidecar EmitBatch", values },
    relation: "single",
    target: targetAtLeast(median, GOAL, `≥ ${GOAL.toLocaleString("en-US")} records/s`, "/s"),
    note: `records not accepted: ${refused}`,
  };
}

/**
 * EmitBatch (issue #8 item 1): audit records per second one sidecar process accepts, from this
 * process over the lean gRPC client, batches of 32 and of 256 interleaved; target ≥ 50,000/s.
 */
export async function emitBatchRows(stack: Stack, opts: BenchOptions): Promise<Row[]> {
  const client = new LeanGrpcClient({
    baseUrl: stack.sidecarUrl,
    headers: stack.callerHeaders,
  });
  try {
    const [small, large] = SIZES;
    await recordsPerSec(client, small, 0.5);
    await recordsPerSec(client, large, 0.5);
    const runs = await interleave(
      opts.pairs,
      () => recordsPerSec(client, small, opts.microSecs),
      () => recordsPerSec(client, large, opts.microSecs),
    );
    return [row(small, runs.a), row(large, runs.b)];
  } finally {
    await client.close();
  }
}
