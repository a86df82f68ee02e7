/**
 * `npm run bench [-- --quick | --profile | --only id,id]`: the issue #8 benchmarks. Prints one
 * table and (for a full run) rewrites BENCHMARKS.md. Never part of `npm test`: vitest only
 * collects *.test.ts under test/, sidecar/, server/ and sdk/src/.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { auditComparisons } from "./comparisons/audit.js";
import { auditLagComparison } from "./comparisons/audit-lag.js";
import { footprintComparison, STORE_VARIABLES } from "./comparisons/footprint.js";
import { gatewayComparisons } from "./comparisons/gateway.js";
import { latencyComparison } from "./comparisons/latency.js";
import { policyComparison } from "./comparisons/policy.js";
import { rateLimitComparison } from "./comparisons/rate-limit.js";
import { requestThreadComparison } from "./comparisons/request-thread.js";
import { sidecarHopComparison } from "./comparisons/sidecar-hop.js";
import { startTimeComparison } from "./comparisons/start-time.js";
import { tracingComparison } from "./comparisons/tracing.js";
import { finished, type Provenance, provenance, withLoad } from "./lib/machine.js";
import { type BenchOptions, parseOptions } from "./lib/options.js";
import { ROOT } from "./lib/processes.js";
import { loadLine, table, writeReport } from "./lib/report.js";
import { type Row, skipped } from "./lib/rows.js";
import { Stack } from "./lib/stack.js";
import { spread } from "./lib/stats.js";
import { profile } from "./profile.js";

/** The real servers' variables (`scripts/services.sh env`), starting the servers if need be. */
function services(): Record<string, string | undefined> {
  if (STORE_VARIABLES.every((name) => process.env[name])) return process.env;
  try {
    const script = `${ROOT}scripts/services.sh`;
    execFileSync("bash", [script, "start"], { stdio: ["ignore", "ignore", "inherit"] });
    const env = execFileSync("bash", [script, "env"], { encoding: "utf8" });
    return Object.fromEntries(
      [...env.matchAll(/^export ([A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]),
    );
  } catch (error) {
    console.error(
      `bench: services did not start (${(error as Error).message}); rows on real servers are skipped`,
    );
    return {};
  }
}

const wanted = (opts: BenchOptions, id: string) => !opts.only || opts.only.has(id);

/**
 * Runs a comparison; a failure becomes a visible "not run" row, never a silent gap. Every row
 * carries the 1-minute load average at the start and end of its comparison.
 */
async function attempt(id: string, what: string, work: () => Promise<Row[]>): Promise<Row[]> {
  const started = performance.now();
  const [rows, load] = await withLoad(async () => {
    try {
      return await work();
    } catch (error) {
      console.error(`bench: ${id} failed:`, error);
      return [skipped(id, what, (error as Error).message.split("\n")[0] ?? "failed")];
    }
  });
  const secs = ((performance.now() - started) / 1000).toFixed(0);
  console.error(
    `bench: ${id} done in ${secs} s, load ${load.start.toFixed(2)} → ${load.end.toFixed(2)}`,
  );
  return rows.map((row) => ({ ...row, load }));
}

/** The gateway's median req/s on the KV read, when gw-kv ran: the chain's own maximum. */
function kvMax(rows: Row[]): number | undefined {
  const kv = rows.find((r) => r.id === "gw-kv" && r.b.values.length > 0);
  return kv ? spread(kv.b.values).median : undefined;
}

async function stackComparisons(opts: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const stack = new Stack();
  try {
    await stack.start();
    console.error(`bench: stack up in ${stack.dir} (logs there)`);
    if (wanted(opts, "gateway")) {
      rows.push(
        ...(await attempt("gateway", "gateway throughput", () => gatewayComparisons(stack, opts))),
      );
    }
    if (wanted(opts, "latency")) {
      const max = kvMax(rows);
      rows.push(
        ...(await attempt("latency", "added latency", () => latencyComparison(stack, opts, max))),
      );
    }
    if (wanted(opts, "hop")) {
      rows.push(...(await attempt("hop", "sidecar hop", () => sidecarHopComparison(stack, opts))));
    }
  } finally {
    await stack.stop();
  }
  return rows;
}

/** The last full run's rows, so `--rewrite` can re-render BENCHMARKS.md after NOTES.md changed. */
const LAST_RUN = `${ROOT}bench/profiles/last-run.json`;

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.rewrite) {
    const saved = JSON.parse(readFileSync(LAST_RUN, "utf8")) as { rows: Row[]; where: Provenance };
    writeReport(saved.rows, saved.where, opts.pairs);
    console.log(table(saved.rows));
    return 0;
  }
  if (opts.profile) {
    await profile(opts);
    return 0;
  }
  const started = performance.now();
  const where = provenance();
  const env = ["audit", "audit-lag", "ratelimit", "memory"].some((id) => wanted(opts, id))
    ? services()
    : {};
  const urls = { mongoUrl: env.CPOD_MONGO_URL, redisUrl: env.CPOD_REDIS_URL };
  const rows: Row[] = [];
  if (wanted(opts, "policy"))
    rows.push(...(await attempt("policy", "policy", () => policyComparison(opts))));
  if (wanted(opts, "audit"))
    rows.push(
      ...(await attempt("audit", "audit appends", () => auditComparisons(opts, urls.mongoUrl))),
    );
  if (wanted(opts, "audit-lag"))
    rows.push(
      ...(await attempt("audit-lag", "audit lag", () => auditLagComparison(opts, urls.mongoUrl))),
    );
  if (wanted(opts, "ratelimit"))
    rows.push(
      ...(await attempt("ratelimit", "rate limiter", () =>
        rateLimitComparison(opts, urls.redisUrl),
      )),
    );
  if (wanted(opts, "memory"))
    rows.push(...(await attempt("memory", "footprint", () => footprintComparison(opts, env))));
  if (wanted(opts, "thread"))
    rows.push(
      ...(await attempt("thread", "engines off the request thread", () =>
        requestThreadComparison(opts),
      )),
    );
  if (wanted(opts, "start"))
    rows.push(...(await attempt("start", "start time", () => startTimeComparison(opts))));
  if (wanted(opts, "tracing"))
    rows.push(...(await attempt("tracing", "tracing cost", () => tracingComparison(opts))));
  if (["gateway", "latency", "hop"].some((id) => wanted(opts, id)))
    rows.push(...(await stackComparisons(opts)));
  const done = finished(where);
  console.log(`\n${done.machine}\ncommit ${done.commit}, ${done.date}\nload: ${loadLine(done)}\n`);
  console.log(table(rows));
  console.log(`\nbench: ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  if (opts.writeReport) {
    mkdirSync(`${ROOT}bench/profiles`, { recursive: true });
    writeFileSync(LAST_RUN, JSON.stringify({ rows, where: done }));
    writeReport(rows, done, opts.pairs);
    console.log("bench: BENCHMARKS.md rewritten");
  }
  return 0;
}

process.exitCode = await main();
