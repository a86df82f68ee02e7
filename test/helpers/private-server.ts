/**
 * Private instances of the real backing servers, for tests that stop, pause and restart them.
 *
 * The shared servers of `scripts/services.sh` must never be stopped (other suites and other
 * engineers use them), so an outage test starts its own copy on a free loopback port, in a
 * temporary folder, with the same binaries: Redis, MinIO, FerretDB (SQLite backend) and
 * PostgreSQL (run as the `postgres` user, as services.sh does). `stop` kills the server the
 * hard way (SIGKILL; PostgreSQL: immediate shutdown), `pause`/`resume` send SIGSTOP/SIGCONT (a
 * paused server keeps accepting connections but never answers), `start` brings it back on the
 * same port and data folder. `close` stops it and removes the folder.
 *
 * Each helper returns `undefined` when its binary is missing; suites guard with `hasServer`,
 * which skips locally and fails under CI.
 *
 * @example
 *   const redis = await privateRedis();
 *   await redis.stop(); … await redis.start();
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { MongoClient } from "mongodb";
import { inCI } from "./services.js";

const run = promisify(execFile);
const BIN = "/root/.cache/cpod-services/bin";

/** The binaries each private server needs (services.sh installs them). */
export const SERVER_BINARIES = {
  redis: "/usr/bin/redis-server",
  minio: join(BIN, "minio"),
  ferretdb: join(BIN, "ferretdb"),
  postgres: "/usr/local/bin/pg_ctl",
} as const;

/**
 * True when `server`'s binary is installed. Locally a suite skips without it; with `CI=true` a
 * missing binary throws at collection time, as for the shared servers (see services.ts).
 *
 * @example
 *   describe.skipIf(!hasServer("redis"))("Redis outage", () => { … });
 */
export function hasServer(server: keyof typeof SERVER_BINARIES): boolean {
  if (existsSync(SERVER_BINARIES[server])) return true;
  if (inCI)
    throw new Error(
      `${SERVER_BINARIES[server]} is missing, and CI=true: run 'bash scripts/services.sh start' first`,
    );
  return false;
}

/** A server this test owns. */
export interface PrivateServer {
  /** `redis://…`, `http://…` (MinIO), `mongodb://…`, `postgres://…` */
  url: string;
  port: number;
  /** Kills the server (no clean shutdown); connections are refused until `start`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data, and waits until it answers. */
  start(): Promise<void>;
  /** SIGSTOP: the port stays open, nothing answers. */
  pause(): Promise<void>;
  /** SIGCONT after `pause`. */
  resume(): void;
  /** Stops it (resuming first if paused) and deletes its folder. */
  close(): Promise<void>;
}

/**
 * Resolves once every thread of `pid` has stopped (Linux: state `T` in each thread's
 * /proc/<pid>/task/<tid>/stat), at most after a second. SIGSTOP takes effect asynchronously: without the wait a request sent at once
 * can still be answered by a server thread that was running on another core.
 */
async function stopped(pid: number): Promise<void> {
  const state = (stat: string) => stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  const deadline = Date.now() + 1_000;
  while (Date.now() < deadline) {
    const tasks = await readdir(`/proc/${pid}/task`).catch(() => []);
    const stats = await Promise.all(
      tasks.map((t) => readFile(`/proc/${pid}/task/${t}/stat`, "utf8").catch(() => "(x) T")),
    );
    if (stats.every((stat) => state(stat) === "T")) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

// Ports a test server may take: below Linux's ephemeral range (32768–60999), from which the OS
// hands out the local ports of every outgoing connection. A port picked inside it (what
// `listen(0)` returns) can be taken by any client socket between our check and the child
// program's bind — seen as EADDRINUSE once three test workers ran side by side.
const TEST_PORTS = { from: 20_000, to: 32_767 } as const;
// The shared services' fixed ports inside that span (scripts/services.sh).
const RESERVED_PORTS = new Set([27018]);

/** True when nothing is listening on `port` at 127.0.0.1 (bound and released at once). */
async function bindable(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => resolve(true));
  });
  if (bound) await new Promise((resolve) => server.close(resolve));
  return bound;
}

/**
 * A free loopback port for a test's own server: random below the ephemeral range and checked by
 * binding it, so neither outgoing connections nor (barring a 1-in-12,000 draw) another worker
 * take it before the server binds.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = TEST_PORTS.from + Math.floor(Math.random() * (TEST_PORTS.to - TEST_PORTS.from));
    if (!RESERVED_PORTS.has(port) && (await bindable(port))) return port;
  }
  throw new Error(`no free port in ${TEST_PORTS.from}–${TEST_PORTS.to} after 100 tries`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `ready` every 100 ms until it resolves true, for at most `ms`. */
async function waitFor(what: string, ready: () => Promise<boolean>, ms = 30_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await ready().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`private ${what} did not become ready in ${ms} ms`);
}

/** True when something accepts TCP connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.setTimeout(1_000, () => done(false));
  });
}

async function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once("exit", resolve));
}

/** A server run as a child process of this test, restartable with the same command. */
function childServer(opts: {
  name: string;
  url: string;
  port: number;
  dir: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  ready: () => Promise<boolean>;
}): PrivateServer & { boot(): Promise<void> } {
  let child: ChildProcess | undefined;
  let paused = false;
  const kill = async () => {
    if (!child) return;
    const c = child;
    child = undefined;
    if (paused) c.kill("SIGCONT");
    paused = false;
    c.kill("SIGKILL");
    await waitExit(c);
  };
  const boot = async () => {
    child = spawn(opts.command, opts.args, {
      env: { ...process.env, ...opts.env },
      stdio: "ignore",
    });
    await waitFor(opts.name, opts.ready);
  };
  return {
    url: opts.url,
    port: opts.port,
    boot,
    stop: kill,
    start: boot,
    async pause() {
      child?.kill("SIGSTOP");
      paused = true;
      if (child?.pid) await stopped(child.pid);
    },
    resume() {
      child?.kill("SIGCONT");
      paused = false;
    },
    async close() {
      await kill();
      await rm(opts.dir, { recursive: true, force: true });
    },
  };
}

/**
 * `redis-server` on a free port; without persistence unless `persist` (then an fsync-always
 * append-only file, so what was acknowledged before a kill is there after `start`).
 */
export async function privateRedis(
  opts: { persist?: boolean } = {},
): Promise<PrivateServer | undefined> {
  const bin = SERVER_BINARIES.redis;
  if (!existsSync(bin)) return undefined;
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "cpod-redis-"));
  const server = childServer({
    name: "redis",
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    command: bin,
    args: [
      ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""],
      ...(opts.persist
        ? ["--appendonly", "yes", "--appendfsync", "always"]
        : ["--appendonly", "no"]),
    ],
    ready: () => accepts(port),
  });
  await server.boot();
  return server;
}

/** MinIO's credentials in a private server. */
export const MINIO_CREDENTIALS = { accessKey: "cpod-private", secretKey: "cpod-private-secret" };

/** A MinIO server in a temporary folder; `url` is its S3 endpoint. */
export async function privateMinio(): Promise<PrivateServer | undefined> {
  const bin = SERVER_BINARIES.minio;
  if (!existsSync(bin)) return undefined;
  const [port, consolePort] = [await freePort(), await freePort()];
  const dir = await mkdtemp(join(tmpdir(), "cpod-minio-"));
  const url = `http://127.0.0.1:${port}`;
  const server = childServer({
    name: "minio",
    url,
    port,
    dir,
    command: bin,
    args: ["server", dir, "--quiet", "--address", `127.0.0.1:${port}`],
    env: {
      MINIO_ROOT_USER: MINIO_CREDENTIALS.accessKey,
      MINIO_ROOT_PASSWORD: MINIO_CREDENTIALS.secretKey,
      MINIO_UPDATE: "off",
      MINIO_CALLHOME_ENABLE: "off",
      MINIO_CONSOLE_ADDRESS: `127.0.0.1:${consolePort}`,
      MINIO_BROWSER: "off",
    },
    ready: async () => (await fetch(`${url}/minio/health/ready`)).ok,
  });
  await server.boot();
  return server;
}

/** FerretDB v1 on its SQLite backend in a temporary folder (MongoDB wire protocol). */
export async function privateFerretDb(): Promise<PrivateServer | undefined> {
  const bin = SERVER_BINARIES.ferretdb;
  if (!existsSync(bin)) return undefined;
  const [port, debugPort] = [await freePort(), await freePort()];
  const dir = await mkdtemp(join(tmpdir(), "cpod-ferretdb-"));
  const server = childServer({
    name: "ferretdb",
    url: `mongodb://127.0.0.1:${port}/cpod`,
    port,
    dir,
    command: bin,
    args: [
      "--handler=sqlite",
      `--sqlite-url=file:${dir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--debug-addr=127.0.0.1:${debugPort}`,
      `--state-dir=${dir}`,
      "--telemetry=disable",
      "--log-level=error",
    ],
    // FerretDB accepts connections a moment before it answers commands: wait for a ping.
    ready: () => answersPing(`mongodb://127.0.0.1:${port}/cpod`),
  });
  await server.boot();
  return server;
}

async function answersPing(url: string): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 500 });
  try {
    await client.db().command({ ping: 1 });
    return true;
  } finally {
    await client.close();
  }
}

/**
 * PostgreSQL in a temporary cluster (`initdb`, trust auth on loopback, no Unix socket), run as
 * the `postgres` user like services.sh does. `stop` is an immediate shutdown (a crash as far as
 * clients can tell); `pause` stops the postmaster and every backend.
 */
export async function privatePostgres(): Promise<PrivateServer | undefined> {
  const bindir = "/usr/local/bin";
  if (!existsSync(SERVER_BINARIES.postgres)) return undefined;
  const { stdout: uid } = await run("id", ["-u", "postgres"]).catch(() => ({ stdout: "" }));
  if (!uid) return undefined;
  const { stdout: gid } = await run("id", ["-g", "postgres"]);
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "cpod-postgres-"));
  await chown(dir, Number(uid), Number(gid));
  const data = join(dir, "data");
  const asPostgres = (cmd: string, args: string[]) =>
    run("runuser", ["-u", "postgres", "--", join(bindir, cmd), ...args]);
  await asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  // fsync off is safe here (a killed server's writes are in the OS cache); synchronous_commit
  // stays on, or a commit acknowledged just before the kill could vanish and fail `back → the
  // entity is there` for the wrong reason.
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories= -c fsync=off -c full_page_writes=off`;
  const pids = async () => {
    const head = (await readFile(join(data, "postmaster.pid"), "utf8")).split("\n")[0];
    const { stdout } = await run("pgrep", ["-P", String(head)]).catch(() => ({ stdout: "" }));
    return [Number(head), ...stdout.split("\n").filter(Boolean).map(Number)];
  };
  let paused: number[] = [];
  const signal = (list: number[], sig: NodeJS.Signals) => {
    for (const pid of list) {
      try {
        process.kill(pid, sig);
      } catch {}
    }
  };
  const start = async () => {
    await asPostgres("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-o", options, "start"]);
  };
  const stop = async () => {
    signal(paused, "SIGCONT");
    paused = [];
    await asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async pause() {
      paused = await pids();
      signal(paused, "SIGSTOP");
    },
    resume() {
      signal(paused, "SIGCONT");
      paused = [];
    },
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
