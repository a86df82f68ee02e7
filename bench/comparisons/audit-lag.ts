import { rmSync } from "node:fs";
import { join } from "node:path";
import { create, type JsonObject } from "@bufbuild/protobuf";
import { EmitRequestSchema } from "../../gen/proto/coresdk/v1/audit_pb.js";
import { AuditEmitter, type AuditSink } from "../../server/gateway/audit/audit-emitter.js";
import { DurableAuditQueue } from "../../server/gateway/audit/durable-queue.js";
import type { AuditEntry, EmitOutcome } from "../../server/gateway/sidecar/sidecar-client.js";
import { MongoAuditStore } from "../../sidecar/audit/adapters/mongo-audit-store.js";
import { createAuditService } from "../../sidecar/audit/audit-service.js";
import { Masker } from "../../sidecar/masking/masker.js";
import type { BenchOptions } from "../lib/options.js";
import { benchDir } from "../lib/processes.js";
import { type Row, skipped } from "../lib/rows.js";
import { dropScratchDatabase } from "../lib/scratch-database.js";

const ID = "audit-lag-ferretdb";
const WHAT = "audit lag after a 60 s run at the chain's sustained rate, MongoDB wire (FerretDB)";
/** Tenants the offered records are spread over (a few busy apps, as on a real gateway). */
const TENANTS = 4;

/**
 * The gateway's audit path without the HTTP hop: its AuditEmitter (batches per turn, up to 4
 * EmitBatch calls in flight, durable queue on failure) into the sidecar's AuditService on the
 * MongoDB store, in this process.
 */
function sink(service: ReturnType<typeof createAuditService>): AuditSink {
  return {
    async emitBatch(entries: AuditEntry[]): Promise<EmitOutcome[]> {
      const records = entries.map((e) =>
        create(EmitRequestSchema, { ...e, dedupKey: e.dedupKey ?? e.requestId }),
      );
      const { results } = await service.emitBatch({
        $typeName: "coresdk.v1.EmitBatchRequest",
        records,
      });
      return results.map((r) => (r.result.case === "record" ? "delivered" : "failed"));
    },
  };
}

function entry(run: string, n: number): AuditEntry {
  return {
    tenantId: `ten_lag_${run}_${n % TENANTS}`,
    timestamp: new Date().toISOString(),
    actor: { type: "app", id: "app_bench", appId: "app_bench" },
    action: "kv.get",
    resource: { type: "kv", id: `key-${n}` },
    outcome: "success",
    status: 200,
    requestId: `lag-${run}-${n}`,
    metadata: { latency_ms: 0.4, operation_id: "getKv" },
  };
}

/** Records `rate`/s for `seconds` (a tick every 10 ms), then answers how long delivery trailed. */
async function offer(emitter: AuditEmitter, queue: DurableAuditQueue, rate: number, secs: number) {
  const run = `${process.pid}_${Date.now()}`;
  const start = performance.now();
  let sent = 0;
  let maxQueued = 0;
  while (performance.now() - start < secs * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (sent < due) emitter.record(entry(run, sent++));
    maxQueued = Math.max(maxQueued, queue.size);
    await new Promise((r) => setTimeout(r, 10));
  }
  const stopped = performance.now();
  const queuedAtStop = queue.size;
  const oldest = queue.oldestTimestamp;
  await emitter.settled();
  return {
    sent,
    queuedAtStop,
    maxQueued,
    oldestAgeAtStop: oldest ? (Date.now() - Date.parse(oldest)) / 1000 : 0,
    lagSecs: (performance.now() - stopped) / 1000,
  };
}

/**
 * Issue #13 item 15: the gateway's audit path on the production adapter. First the sustained
 * rate is measured (a burst of a few thousand records in half a second; delivered per second
 * until the last is in the chain; 3/4 of it is taken as sustainable), then
 * records are offered at that rate for 60 s (10 s with --quick) and the row reports how long
 * delivery trailed the load once it stopped, with what was queued at the stop.
 */
export async function auditLagComparison(opts: BenchOptions, mongoUrl?: string): Promise<Row[]> {
  if (!mongoUrl) return [skipped(ID, WHAT, "CPOD_MONGO_URL unset and services did not start")];
  const dbName = `cpod_bench_lag_${process.pid}`;
  const dir = benchDir("cpod-bench-lag-");
  const store = await MongoAuditStore.open(mongoUrl, dbName);
  const masker = new Masker();
  const service = createAuditService(store, {
    mask: (metadata) => masker.maskJson(metadata).masked as JsonObject,
  });
  const make = (name: string) => {
    const queue = new DurableAuditQueue(join(dir, name));
    return { queue, emitter: new AuditEmitter({ sink: sink(service), queue, minBackoffMs: 50 }) };
  };
  try {
    const probe = make("probe");
    const count = opts.quick ? 2_000 : 6_000;
    const burst = await offer(probe.emitter, probe.queue, count * 2, 0.5);
    // A burst on a fresh collection overstates what the chain holds for a minute: offer 3/4 of it.
    const sustained = Math.floor((0.75 * burst.sent) / (0.5 + burst.lagSecs));
    await probe.emitter.close();
    const secs = opts.quick ? 10 : 60;
    const run = make("run");
    const result = await offer(run.emitter, run.queue, sustained, secs);
    await run.emitter.close();
    return [
      {
        id: ID,
        what: WHAT.replace("60 s", `${secs} s`),
        unit: "s",
        b: { label: "gateway emitter → AuditService → FerretDB", values: [result.lagSecs] },
        relation: "single",
        note:
          `offered ${sustained.toLocaleString("en-US")} records/s (3/4 of a burst's delivery rate measured first) ` +
          `over ${TENANTS} tenants for ${secs} s, ${result.sent.toLocaleString("en-US")} records; ` +
          `at the stop ${result.queuedAtStop} queued on disk (oldest ${result.oldestAgeAtStop.toFixed(1)} s), ` +
          `most queued during the run ${result.maxQueued}; value = seconds from the stop until every record was in the chain`,
      },
    ];
  } finally {
    await store.close();
    await dropScratchDatabase(mongoUrl, dbName);
    rmSync(dir, { recursive: true, force: true });
  }
}
