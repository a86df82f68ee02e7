import { join } from "node:path";
import { DevProcess, type ProcessRss } from "../lib/dev-process.js";
import { firstRequestOfEachKind, TOUR_SCOPES } from "../lib/first-requests.js";
import type { BenchOptions } from "../lib/options.js";
import { benchDir, rssBytes } from "../lib/processes.js";
import { type Row, skipped, targetAtMost } from "../lib/rows.js";
import { Stack } from "../lib/stack.js";

const MiB = 2 ** 20;
/** How long a program sits idle after its first requests before its RSS is read. */
const SETTLE_MS = 5_000;
/** The variables that point the programs at real servers instead of their embedded stores. */
export const STORE_VARIABLES = [
  "CPOD_POSTGRES_URL",
  "CPOD_REDIS_URL",
  "CPOD_MONGO_URL",
  "CPOD_S3_ENDPOINT",
  "CPOD_S3_ACCESS_KEY",
  "CPOD_S3_SECRET_KEY",
  "CPOD_S3_BUCKET",
  "CPOD_CLICKHOUSE_URL",
] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const total = (processes: ProcessRss[]) => processes.reduce((sum, p) => sum + p.rss, 0);
/** A process's program for the notes: the script a runtime runs (cpod.js, launcher.py), else the binary. */
const program = (command: string) => {
  const [binary = "?", script] = command.split(" ");
  const name = (path: string) => path.split("/").at(-1) ?? path;
  return script && /\.(js|py)$/.test(script) ? name(script) : name(binary);
};
const listed = (processes: ProcessRss[]) =>
  processes.map((p) => `${program(p.command)} ${(p.rss / MiB).toFixed(0)}`).join(" + ");

/** `cpod dev` as a user runs it: the whole process tree, fresh and after one request of each kind. */
async function devRows(): Promise<Row[]> {
  const dir = benchDir("cpod-bench-mem-");
  const dev = await DevProcess.start(join(dir, "data"), dir);
  try {
    await sleep(SETTLE_MS);
    const fresh = dev.processes();
    await firstRequestOfEachKind(dev.gatewayUrl, await dev.enterpriseToken(TOUR_SCOPES));
    await sleep(SETTLE_MS);
    const idle = dev.processes();
    const row = (id: string, what: string, ps: ProcessRss[], target?: boolean): Row => ({
      id,
      what,
      unit: "MiB",
      b: { label: "cpod dev (all processes)", values: [total(ps) / MiB] },
      relation: "single",
      ...(target
        ? { target: targetAtMost(total(ps) / MiB, 600, "≤ 600 MiB (issue #15)", " MiB") }
        : {}),
      note: `MiB by process: ${listed(ps)}`,
    });
    return [
      row("mem-dev-fresh", "RSS, cpod dev, started, no request yet", fresh),
      row("mem-dev-idle", "RSS, cpod dev, idle after the first request of each kind", idle, true),
    ];
  } finally {
    await dev.stop();
  }
}

/** The gateway and the sidecar as separate programs on real servers, after one request of each kind. */
async function programRows(stores: Record<string, string>): Promise<Row[]> {
  const stack = new Stack({ stores });
  try {
    await stack.start();
    await firstRequestOfEachKind(stack.gatewayUrl, stack.token);
    await sleep(SETTLE_MS);
    return [stack.gateway, stack.sidecar].map((program) => {
      const mib = rssBytes(program.pid) / MiB;
      return {
        id: `mem-${program.name}`,
        what: `RSS, ${program.name} process on real servers, idle after the first request of each kind`,
        unit: "MiB",
        b: { label: program.name, values: [mib] },
        relation: "single",
        target: targetAtMost(mib, 150, "≤ 150 MiB (issue #15)", " MiB"),
        note: `stores: ${Object.keys(stores)
          .filter((k) => k.endsWith("_URL") || k === "CPOD_S3_ENDPOINT")
          .join(", ")}`,
      } satisfies Row;
    });
  } finally {
    await stack.stop();
  }
}

/**
 * Issue #15's footprint: `cpod dev` with every store embedded (≤ 600 MiB, all its processes
 * together, idle after the first request of each kind) and the gateway and sidecar processes on
 * real servers (≤ 150 MiB each). RSS, read from /proc after 5 s idle.
 */
export async function footprintComparison(
  _opts: BenchOptions,
  env: Record<string, string | undefined>,
): Promise<Row[]> {
  const rows = await devRows();
  // Without a ClickHouse server the gateway falls back to its embedded analytics; the row says so.
  const missing = STORE_VARIABLES.filter((name) => !env[name] && name !== "CPOD_CLICKHOUSE_URL");
  if (missing.length > 0) {
    return [
      ...rows,
      skipped("mem-gateway", "RSS, gateway on real servers", `${missing.join(", ")} unset`),
      skipped("mem-sidecar", "RSS, sidecar on real servers", `${missing.join(", ")} unset`),
    ];
  }
  const stores = Object.fromEntries(
    STORE_VARIABLES.filter((name) => env[name]).map((name) => [name, env[name] as string]),
  );
  return [...rows, ...(await programRows(stores))];
}
