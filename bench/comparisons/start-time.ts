import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import type { BenchOptions } from "../lib/options.js";
import { interleave, type Measurement, type PairedRuns, pick } from "../lib/pairs.js";
import { benchDir, ROOT } from "../lib/processes.js";
import { type Row, targetAtMost } from "../lib/rows.js";
import { spread } from "../lib/stats.js";

/** How long one start may take before the run fails (a cold `cpod dev` through tsx, loaded). */
const START_TIMEOUT_MS = 180_000;
/** The launcher's line when it falls back to the sources: never on the compiled side. */
const TSX_NOTICE = "through tsx";

/** A program as `npx cpod <command>` starts it, and what "ready" means for it. */
interface Program {
  id: "sidecar" | "dev";
  /** Its listen addresses (port 0: picked by the program). */
  env: () => Promise<NodeJS.ProcessEnv>;
  /** True once the program is ready, given its output so far. */
  ready: (output: string) => Promise<boolean>;
  /** The goal in seconds, per data-dir temperature (none: reported only). */
  goal: { cold?: number; warm?: number };
  what: string;
}

/** The ops address the sidecar prints (`cpod sidecar: ops on http://127.0.0.1:…`). */
const OPS_LINE = /ops on (http:\/\/\S+)/;

const SIDECAR: Program = {
  id: "sidecar",
  // Port 0 and the printed address: a port picked in advance can be taken meanwhile.
  env: async () => ({ CORESDK_LISTEN_ADDR: "127.0.0.1:0", CORESDK_METRICS_ADDR: "127.0.0.1:0" }),
  ready: async (output) => {
    const ops = OPS_LINE.exec(output)?.[1];
    if (!ops) return false;
    return fetch(`${ops}/readyz`, { signal: AbortSignal.timeout(500) }).then(
      (r) => r.ok,
      () => false,
    );
  },
  goal: { cold: 2, warm: 2 },
  what: "`npx cpod sidecar` to 200 on /readyz",
};

const DEV: Program = {
  id: "dev",
  env: async () => ({
    CPOD_GATEWAY_ADDR: "127.0.0.1:0",
    CPOD_CONTROL_PLANE_ADDR: "127.0.0.1:0",
    CORESDK_LISTEN_ADDR: "[::1]:0",
    CORESDK_METRICS_ADDR: "127.0.0.1:0",
  }),
  ready: async (output) => output.includes("client secret"),
  goal: { warm: 5 },
  what: "`npx cpod dev` to the printed credentials",
};

type Side = "tsx" | "compiled";

/** Clock ticks per second of /proc's CPU times. */
const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** pid → [parent pid, CPU ticks of the process and of its children it has waited for]. */
function processTable(): Map<number, [number, number]> {
  const table = new Map<number, [number, number]>();
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // ended meanwhile
    }
    const f = stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    // utime, stime, cutime, cstime (fields 14-17 of proc(5)); f[1] is the parent pid.
    table.set(Number(pid), [f[1] ?? 0, (f[11] ?? 0) + (f[12] ?? 0) + (f[13] ?? 0) + (f[14] ?? 0)]);
  }
  return table;
}

/** `root` and every live process below it, by parent pid. */
function descendants(table: Map<number, [number, number]>, root: number): number[] {
  const below = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === root) return true;
      p = table.get(p)?.[0] ?? 0;
    }
    return false;
  };
  return [...table.keys()].filter(below);
}

/**
 * CPU seconds (user + system, all threads) used so far by a process and everything it started:
 * npx, its shell, the program with its worker threads, and the embedded PostgreSQL (its own
 * process group, so counted by parentage) with initdb and the backends. Wall time on this
 * shared 2-core machine moves with everyone else's load; CPU time much less, so both are
 * reported.
 */
function treeCpuSecs(root: number): number {
  const table = processTable();
  let ticks = 0;
  for (const pid of descendants(table, root)) ticks += table.get(pid)?.[1] ?? 0;
  return ticks / CLK_TCK;
}

/** Sends `sig` unless the process (or group, pid < 0) has already gone. */
function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * SIGTERM to the whole group (npx, its shell, the program); waits until it and every process it
 * had started (the embedded PostgreSQL, in a group of its own, which the program stops) are gone,
 * so the next start finds its data dir free and the machine quiet.
 */
async function stop(child: ChildProcess): Promise<void> {
  const root = child.pid ?? 0;
  const tree = descendants(processTable(), root);
  signal(-root, "SIGTERM");
  const deadline = Date.now() + 30_000;
  while (alive(-root) || tree.some(alive)) {
    if (Date.now() > deadline) for (const pid of [-root, ...tree]) signal(pid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * One `npx cpod <program>` start, in its own process group, with only PATH and HOME from this
 * environment (no store URL leaks in): wall seconds from spawn to ready and the CPU seconds
 * its process tree used by then; then a clean stop so the data dir can be started warm.
 */
async function startOnce(
  program: Program,
  side: Side,
  dataDir: string,
): Promise<{ wall: number; cpu: number }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CPOD_DATA_DIR: dataDir,
    ...(side === "tsx" ? { CPOD_FROM_SOURCE: "1" } : {}),
    ...(await program.env()),
  };
  const started = performance.now();
  const child = spawn("npx", ["--no-install", "cpod", program.id], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  try {
    while (!(await program.ready(output))) {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}:\n${output}`);
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`no start:\n${output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const wall = (performance.now() - started) / 1000;
    const cpu = treeCpuSecs(child.pid ?? 0);
    if (side === "compiled" && output.includes(TSX_NOTICE)) {
      throw new Error(`the compiled side ran the sources:\n${output}`);
    }
    return { wall, cpu };
  } finally {
    await stop(child);
  }
}

/** A cold start on a fresh data dir, then a warm start on the same dir. */
async function coldThenWarm(program: Program, side: Side): Promise<Measurement> {
  const dataDir = benchDir(`cpod-start-${program.id}-`);
  try {
    const cold = await startOnce(program, side, dataDir);
    const warm = await startOnce(program, side, dataDir);
    return { cold: cold.wall, coldCpu: cold.cpu, warm: warm.wall, warmCpu: warm.cpu };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One row comparing quantity `name` (e.g. "warm", "warmCpu") between the two sides. */
function row(id: string, what: string, runs: PairedRuns, name: string): Row {
  return {
    id,
    what,
    unit: "s",
    a: { label: "tsx (sources)", values: pick(runs.a, name) },
    b: { label: "compiled (dist/)", values: pick(runs.b, name) },
    relation: "ratio",
  };
}

/** Per data-dir temperature: wall time to ready (with the target), then CPU time. */
function rows(program: Program, runs: PairedRuns): Row[] {
  return (["cold", "warm"] as const).flatMap((temperature) => {
    const id = `start-${program.id}-${temperature}`;
    const wall = row(id, `${program.what}, ${temperature} data dir`, runs, temperature);
    const goal = program.goal[temperature];
    if (goal) {
      const median = spread(wall.b.values).median;
      wall.target = targetAtMost(median, goal, `≤ ${goal} s`, " s");
    }
    const cpu = row(
      `${id}-cpu`,
      "the same starts' CPU time, all processes",
      runs,
      `${temperature}Cpu`,
    );
    return [wall, cpu];
  });
}

/** `npx` itself: `npx cpod --help` minus `node bin/cpod.js --help`, both compiled. */
async function npxOverhead(pairs: number): Promise<Row> {
  const timed = (command: string, args: string[]) => async () => {
    const started = performance.now();
    execFileSync(command, args, { cwd: ROOT, stdio: "ignore" });
    return { secs: (performance.now() - started) / 1000 };
  };
  const runs = await interleave(
    pairs,
    timed(process.execPath, ["bin/cpod.js", "--help"]),
    timed("npx", ["--no-install", "cpod", "--help"]),
  );
  return {
    id: "start-npx",
    what: "`cpod --help`: what npx adds to every start above (B−A)",
    unit: "s",
    a: { label: "node bin/cpod.js", values: pick(runs.a, "secs") },
    b: { label: "npx cpod", values: pick(runs.b, "secs") },
    relation: "difference",
  };
}

/**
 * Start time (the issue "the programs run compiled JavaScript"): `npx cpod sidecar` to ready
 * and `npx cpod dev` to its printed credentials, through tsx (A, `CPOD_FROM_SOURCE=1`) vs
 * compiled from dist/ (B), each on a fresh data dir (cold) and again on it (warm), interleaved,
 * every start a new process. dist/ is rebuilt first if it is behind the sources. tsx keeps its
 * transform cache under the machine's TMPDIR, warm after the first round: A is measured at its
 * best (a test run, with its own TMPDIR, starts tsx with an empty cache). Wall time carries the
 * machine's load (see the load column); CPU time is the steadier comparison.
 */
export async function startTimeComparison(opts: BenchOptions): Promise<Row[]> {
  execFileSync(process.execPath, ["scripts/build.js", "--if-stale"], {
    cwd: ROOT,
    stdio: "ignore",
  });
  const pairs = opts.quick ? 1 : opts.pairs;
  const out: Row[] = [];
  for (const program of [SIDECAR, DEV]) {
    const runs = await interleave(
      pairs,
      () => coldThenWarm(program, "tsx"),
      () => coldThenWarm(program, "compiled"),
    );
    out.push(...rows(program, runs));
  }
  out.push(await npxOverhead(pairs));
  return out;
}
