import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DevProcess } from "../lib/dev-process.js";
import { type Answer, KeepAliveClient } from "../lib/keep-alive-client.js";
import { KvProber } from "../lib/kv-prober.js";
import type { BenchOptions } from "../lib/options.js";
import { benchDir } from "../lib/processes.js";
import { formatNumber, type Row, targetAtMost } from "../lib/rows.js";
import { quantile } from "../lib/stats.js";

const SCOPES = ["kv.read", "kv.write", "entities.write", "analytics.read", "analytics.write"];
/** One KV read every this many ms, whatever the answers do (an open loop, so a stall shows). */
const KV_EVERY_MS = 5;
const ENTITY_WRITES = 200;
const DAY_MS = 86_400_000;

type Call = (method: string, path: string, body?: unknown) => Promise<Answer>;

function caller(client: KeepAliveClient, baseUrl: string, token: string): Call {
  return (method, path, body) =>
    client.send(
      method,
      `${baseUrl}${path}`,
      {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body === undefined ? undefined : JSON.stringify(body),
    );
}

async function ok(answer: Promise<Answer>, what: string): Promise<void> {
  const { status, body } = await answer;
  if (status < 200 || status > 299) throw new Error(`${what}: ${status} ${body}`);
}

/**
 * `events` analytics events over the last 300 days, 1000 per request, four requests at a time:
 * properties a query has to parse per row (a JSON document each), users and paths of high
 * cardinality so grouping and distinct counts have work to do.
 */
async function ingest(call: Call, events: number): Promise<void> {
  const now = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < events) {
      const start = next;
      next += 1000;
      const batch = Array.from({ length: Math.min(1000, events - start) }, (_, j) => {
        const i = start + j;
        return {
          name: "page.view",
          timestamp: new Date(now - ((i * 7919) % (300 * DAY_MS))).toISOString(),
          user_id: `u${(i * 31) % 200_000}`,
          properties: { path: `/p/${i % 5000}`, ms: i % 997, plan: ["free", "pro"][i % 2] },
        };
      });
      await ok(call("POST", "/v1/analytics/events", { events: batch }), "ingest");
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

/**
 * The heavy query: distinct users per path and plan over the whole range (5,000 groups), with
 * three filters that each parse every row's properties document.
 */
function heavyQuery(call: Call): Promise<void> {
  const to = new Date(Date.now() + 60_000).toISOString();
  const from = new Date(Date.now() - 330 * DAY_MS).toISOString();
  return ok(
    call("POST", "/v1/analytics/query", {
      event: "page.view",
      from,
      to,
      aggregate: "uniq_users",
      group_by: ["path", "plan"],
      filters: [
        { op: "gte", property: "ms", value: 1 },
        { op: "in", property: "plan", value: ["free", "pro"] },
        { op: "ne", property: "path", value: "/p/none" },
      ],
    }),
    "analytics query",
  );
}

/** ENTITY_WRITES entity creations at once. */
function writeBurst(call: Call, label: string): Promise<unknown> {
  return Promise.all(
    Array.from({ length: ENTITY_WRITES }, (_, i) =>
      ok(
        call("POST", "/v1/entities/people", { display_name: `Writer ${label}-${i}` }),
        "entity write",
      ),
    ),
  );
}

/** CPU time (user + system) a live process has used, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Times `work`, in ms. */
async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * Issue #15's "no engine on a request thread": `cpod dev` as a user runs it; KV reads (one every
 * 5 ms) while nothing else runs, then while a heavy analytics query and a burst of 200 entity
 * writes run at once. The engines (SQL, analytics) must not stall the thread that answers the KV
 * reads: the target is p99 ≤ 50 ms during the load. One unmeasured round of both comes first.
 * The reads run on a thread of their own (KvProber), so the bench's own work of sending the
 * writes does not count as the server's latency. Then the CPU one write costs cpod dev's thread.
 */
export async function requestThreadComparison(opts: BenchOptions): Promise<Row[]> {
  const dir = benchDir("cpod-bench-thread-");
  const dev = await DevProcess.start(join(dir, "data"), dir);
  // One socket more than the burst: the heavy query runs beside it.
  const client = new KeepAliveClient(ENTITY_WRITES + 1);
  try {
    const token = await dev.enterpriseToken(SCOPES);
    const call = caller(client, dev.gatewayUrl, token);
    await ok(call("PUT", "/v1/kv/probe", { value: "x".repeat(256) }), "kv write");
    // Enough events that the query takes the 1 s or more even on a quiet machine
    // (1,000,000 gave 0.73–0.9 s once the bench's own client got lighter; 1,500,000 0.88–1.18 s).
    const events = opts.quick ? 100_000 : 2_000_000;
    const ingestMs = await timed(() => ingest(call, events));
    // One unmeasured round of both loads first, so run 1 measures them, not V8 compiling the
    // write path or the first query after the ingest reading cold parts.
    await Promise.all([heavyQuery(call), writeBurst(call, "warm-up")]);
    const idle: number[] = [];
    const loaded: number[] = [];
    const reads: number[] = [];
    const queryMs: number[] = [];
    const writesMs: number[] = [];
    const writeCpuMs: number[] = [];
    const prober = await KvProber.start(`${dev.gatewayUrl}/v1/kv/probe`, token, KV_EVERY_MS);
    try {
      for (let run = 0; run < opts.pairs; run++) {
        idle.push(quantile(await prober.run(sleep(opts.latencySecs * 1000)), 0.99));
        const load = Promise.all([
          timed(() => heavyQuery(call)).then((ms) => queryMs.push(ms)),
          timed(() => writeBurst(call, String(run))).then((ms) => writesMs.push(ms)),
        ]);
        const latencies = await prober.run(load);
        loaded.push(quantile(latencies, 0.99));
        reads.push(latencies.length);
        // The writes' CPU on cpod dev's node process alone (no query, no reads): what the
        // burst costs the one thread the three programs share, steadier than latency on a
        // loaded machine. The audit records they cause are appended within the settle time.
        await sleep(1_000);
        const before = cpuMs(dev.program.pid);
        await writeBurst(call, `cpu-${run}`);
        await sleep(1_000);
        const idleCpu = cpuMs(dev.program.pid);
        await sleep(1_000);
        const after = cpuMs(dev.program.pid);
        // Minus what the process spends idle over the same settle second (timers, pools).
        writeCpuMs.push((idleCpu - before - (after - idleCpu)) / ENTITY_WRITES);
      }
    } finally {
      await prober.close();
    }
    const fmt = (values: number[]) => values.map((v) => formatNumber(v)).join(", ");
    const worst = Math.max(...loaded);
    return [
      {
        id: "thread-kv-idle",
        what: "KV read p99, cpod dev, nothing else running",
        unit: "ms",
        b: { label: "cpod dev", values: idle },
        relation: "single",
        note: `one GET /v1/kv/{key} every ${KV_EVERY_MS} ms for ${opts.latencySecs} s per run`,
      },
      {
        id: "thread-kv-load",
        what: "KV read p99 during a heavy analytics query + 200 entity writes",
        unit: "ms",
        b: { label: "cpod dev", values: loaded },
        relation: "single",
        target: targetAtMost(worst, 50, "p99 ≤ 50 ms (issue #15)", " ms"),
        note: `${formatNumber(events)} events ingested in ${formatNumber(ingestMs / 1000)} s; analytics query took ${fmt(queryMs)} ms; ${ENTITY_WRITES} writes took ${fmt(writesMs)} ms; p99 of ${fmt(reads)} reads`,
      },
      {
        id: "thread-write-cpu",
        what: "cpod dev's CPU per entity write (gateway, sidecar, audit: one node process)",
        unit: "ms",
        b: { label: "cpod dev", values: writeCpuMs },
        relation: "single",
        note: `a burst of ${ENTITY_WRITES} writes alone per run, /proc user + system time of the node process (10 ms ticks) over the burst and 1 s after, less 1 s idle`,
      },
    ];
  } finally {
    client.close();
    await dev.stop();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
