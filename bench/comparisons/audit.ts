import { rmSync } from "node:fs";
import { create, type JsonObject } from "@bufbuild/protobuf";
import { EmitRequestSchema } from "../../gen/proto/coresdk/v1/audit_pb.js";
import { openEmbeddedPgClient } from "../../lib/sql/adapters/embedded-pg-client.js";
import { MongoAuditStore } from "../../sidecar/audit/adapters/mongo-audit-store.js";
import { SqlAuditStore } from "../../sidecar/audit/adapters/sql-audit-store.js";
import { createAuditService } from "../../sidecar/audit/audit-service.js";
import type { AuditStore } from "../../sidecar/audit/audit-store.js";
import { sealRecord } from "../../sidecar/audit/chain.js";
import { Masker } from "../../sidecar/masking/masker.js";
import { watchLoop } from "../lib/loop-delay.js";
import type { BenchOptions } from "../lib/options.js";
import { interleave, pick } from "../lib/pairs.js";
import { benchDir } from "../lib/processes.js";
import { formatNumber, type Row, skipped, targetAtLeast, targetAtMost } from "../lib/rows.js";
import { dropScratchDatabase } from "../lib/scratch-database.js";
import { spread } from "../lib/stats.js";

/** Emits kept in flight at once, like a busy gateway (or several) would. */
const CONCURRENCY = 64;

let runNo = 0;

/**
 * Emits through the sidecar's AuditService (mask → seal → store append) for `seconds`, spread
 * round-robin over `tenants` fresh tenants; answers appends per second.
 */
async function appends(store: AuditStore, tenants: number, seconds: number) {
  const masker = new Masker();
  const service = createAuditService(store, {
    mask: (metadata) => masker.maskJson(metadata).masked as JsonObject,
  });
  const run = ++runNo;
  const names = Array.from({ length: tenants }, (_, i) => `ten_audit_${process.pid}_${run}_${i}`);
  let done = 0;
  let next = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  const worker = async () => {
    while (performance.now() < end) {
      const n = next++;
      await service.emit(
        create(EmitRequestSchema, {
          tenantId: names[n % tenants] as string,
          actor: { type: "app", id: "app_bench", appId: "app_bench" },
          action: "kv.get",
          resource: { type: "kv", id: `key-${n}` },
          outcome: "success",
          status: 200,
          requestId: `req-${run}-${n}`,
          dedupKey: `req-${run}-${n}`,
          metadata: { latency_ms: 0.4, operation_id: "getKv" },
        }),
      );
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { perSec: done / ((performance.now() - start) / 1000) };
}

const LOOP_APPENDS = 5_000;

/**
 * The sidecar's thread answers requests while it appends audit records; on the embedded store
 * the database works in its own process, so during a burst of appends this thread should only
 * seal records (JCS + SHA-256) and sit idle while the database writes. Its event-loop
 * utilization over a burst of 5,000 concurrent appends, one tenant, one run per pair (with the
 * database on this thread, PGlite then, it was 1.00). A figure, not a test: on a loaded machine
 * it moves (a CI run measured 0.936 once in six), so it lives here beside the load average.
 */
async function loopDuringAppends(store: AuditStore, opts: BenchOptions): Promise<Row> {
  const utilization: number[] = [];
  const delays: number[] = [];
  for (let run = 0; run < opts.pairs; run++) {
    const tenant = `ten_loop_${process.pid}_${++runNo}`;
    const report = await watchLoop(() =>
      Promise.all(
        Array.from({ length: LOOP_APPENDS }, (_, i) =>
          store.append(
            tenant,
            (head) =>
              sealRecord(
                tenant,
                {
                  actor: { type: "app", id: "app_bench", app_id: "app_bench", user_id: null },
                  action: "kv.get",
                  resource: { type: "kv", id: `key-${i}` },
                  outcome: "success",
                  status: 200,
                  request_id: `req-${run}-${i}`,
                  timestamp: new Date().toISOString(),
                  metadata: { latency_ms: 0.4 },
                },
                head,
              ),
            { dedupKey: `req-${run}-${i}` },
          ),
        ),
      ),
    );
    utilization.push(report.utilization);
    delays.push(report.maxDelayMs);
  }
  return {
    id: "audit-loop",
    what: `event-loop utilization of the appending thread, ${formatNumber(LOOP_APPENDS)} appends at once, embedded store`,
    unit: "",
    b: { label: "embedded (PostgreSQL)", values: utilization },
    relation: "single",
    target: targetAtMost(Math.max(...utilization), 0.9, "< 0.9: the database works elsewhere", ""),
    note: `worst lateness of a 10 ms timer per run: ${delays.map((d) => formatNumber(d)).join(", ")} ms`,
  };
}

async function compareTenants(
  id: string,
  label: string,
  store: AuditStore,
  opts: BenchOptions,
  target: boolean,
): Promise<Row> {
  await appends(store, 1, 0.5);
  const runs = await interleave(
    opts.pairs,
    () => appends(store, 1, opts.microSecs),
    () => appends(store, 100, opts.microSecs),
  );
  const one = pick(runs.a, "perSec");
  return {
    id,
    what: `audit appends/s, ${label} (${CONCURRENCY} in flight)`,
    unit: "/s",
    a: { label: "1 tenant", values: one },
    b: { label: "100 tenants", values: pick(runs.b, "perSec") },
    relation: "ratio",
    ...(target
      ? {
          target: targetAtLeast(
            spread(one).median,
            10_000,
            "single tenant ≥ 10,000/s embedded",
            "/s",
          ),
        }
      : {}),
  };
}

/**
 * Audit (issue #8 item 1): appends per second for one tenant (one chain, strictly serialized)
 * vs spread over 100 tenants, on the embedded store (the embedded PostgreSQL in the sidecar's
 * schema, as `cpod sidecar` runs it without CPOD_POSTGRES_URL/CPOD_MONGO_URL) and on MongoDB
 * (FerretDB). The id changed with the engine (`audit-pglite` before): the numbers do not compare.
 */
export async function auditComparisons(opts: BenchOptions, mongoUrl?: string): Promise<Row[]> {
  const dir = benchDir("cpod-bench-audit-");
  const rows: Row[] = [];
  // As the sidecar opens it: its schema, no timeouts on the waits (sidecar/app.ts).
  const { sql } = await openEmbeddedPgClient(dir, {
    schema: "sidecar",
    connectTimeoutMs: 0,
    queryTimeoutMs: 0,
  });
  try {
    const store = await SqlAuditStore.open(sql);
    rows.push(await compareTenants("audit-embedded", "embedded (PostgreSQL)", store, opts, true));
    rows.push(await loopDuringAppends(store, opts));
  } finally {
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (!mongoUrl) {
    rows.push(
      skipped(
        "audit-ferretdb",
        "audit appends/s, MongoDB (FerretDB)",
        "CPOD_MONGO_URL unset and services did not start",
      ),
    );
    return rows;
  }
  const dbName = `cpod_bench_${process.pid}`;
  const store = await MongoAuditStore.open(mongoUrl, dbName);
  try {
    rows.push(
      await compareTenants("audit-ferretdb", "MongoDB wire (FerretDB)", store, opts, false),
    );
  } catch (error) {
    // FerretDB on SQLite manages ~20 appends/s; 64 in flight can outwait the store's deadline.
    // That is a finding for the FerretDB row, not a reason to lose the embedded row above.
    const why = (error as Error).message.split("\n")[0] ?? "failed";
    rows.push(skipped("audit-ferretdb", "audit appends/s, MongoDB wire (FerretDB)", why));
  } finally {
    await store.close();
    await dropScratchDatabase(mongoUrl, dbName);
  }
  return rows;
}
