import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, existsSync, openSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { yieldToRequests } from "../engine-priority.js";
import type { ServerUser } from "./server-user.js";

/** The server's own log (stdout and stderr), appended across starts, inside the data dir. */
export const SERVER_LOG = "server.log";

/** How `postgres` runs for cpod: small and local, durable (fsync stays on). */
export interface PostgresSettings {
  port: number;
  maxConnections: number;
}

/**
 * Settings given on the command line rather than written to postgresql.conf, so a newer cpod
 * changes them for an existing cluster too. Loopback only, no unix socket (nothing outside the
 * data dir, and no socket other local users could reach), a dev-sized memory footprint.
 */
function settingsArgs(s: PostgresSettings): string[] {
  const settings: Record<string, string> = {
    listen_addresses: "127.0.0.1",
    port: String(s.port),
    unix_socket_directories: "",
    max_connections: String(s.maxConnections),
    shared_buffers: "32MB",
    huge_pages: "off",
    // Fewer background workers than a production server's defaults: one developer's load.
    max_worker_processes: "4",
    max_parallel_workers: "2",
    autovacuum_max_workers: "2",
    io_workers: "1",
  };
  return Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
}

/** A started `postgres` and where its log of this start begins. */
export interface PostgresProcess {
  child: ChildProcess;
  /** Set once the process is gone. */
  exited(): boolean;
  /** The server log written since this start, last `lines` lines. */
  logTail(lines?: number): string;
}

/**
 * Stops the server should this process die without stopping it (SIGKILL, an OOM kill, a crash
 * before the `exit` hook): a shell blocked reading a pipe only this process holds gets EOF when
 * the process is gone, whatever the cause, and sends the server the fast-shutdown signal. It
 * ignores the terminal's signals (a Ctrl-C is this process's to handle, in order), sleeps in
 * `read` (no polling), and is killed as soon as the server exits so it can never signal a pid
 * the system has since given to another process. Without it, a killed `cpod dev` left its
 * PostgreSQL running with no parent, one more for every killed run.
 */
function stopWhenOrphaned(server: ChildProcess): void {
  const pid = server.pid;
  if (pid === undefined) return;
  const guard = spawn("/bin/sh", ["-c", `trap '' INT TERM HUP; read _; kill -INT ${pid}`], {
    stdio: ["pipe", "ignore", "ignore"],
    detached: true,
  });
  guard.on("error", () => undefined); // no /bin/sh: the `exit` hook still covers normal exits
  guard.unref();
  (guard.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  server.once("exit", () => guard.kill("SIGKILL"));
}

/**
 * Spawns `postgres` on `dataDir` in a process group of its own, so a Ctrl-C on `cpod dev` does
 * not stop the database under the programs still flushing to it: the owner stops it after them
 * (and, should the process exit without doing so, the `exit` hook below sends the shutdown).
 *
 * @example
 *   const server = spawnPostgres(binaries.postgres, dir, { port, maxConnections: 100 });
 */
export function spawnPostgres(
  postgres: string,
  dataDir: string,
  settings: PostgresSettings,
  user?: ServerUser,
): PostgresProcess {
  const logPath = join(dataDir, SERVER_LOG);
  const logStart = existsSync(logPath) ? statSync(logPath).size : 0;
  const log = openSync(logPath, "a", 0o600);
  const child = spawn(postgres, ["-D", dataDir, ...settingsArgs(settings)], {
    stdio: ["ignore", log, log],
    detached: true,
    env: { LC_ALL: "C" },
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  closeSync(log);
  yieldToRequests(child.pid);
  child.unref();
  stopWhenOrphaned(child);
  let gone = false;
  const stopOnExit = () => child.kill("SIGINT");
  process.on("exit", stopOnExit);
  child.once("exit", () => {
    gone = true;
    process.off("exit", stopOnExit);
  });
  child.on("error", () => {
    gone = true;
  });
  const logTail = (lines = 20) =>
    readFileSync(logPath)
      .subarray(logStart)
      .toString("utf8")
      .trimEnd()
      .split("\n")
      .slice(-lines)
      .join("\n");
  return { child, exited: () => gone, logTail };
}

/**
 * Fast shutdown (SIGINT: open transactions roll back, data is flushed), bounded: a server that
 * has not exited after `timeoutMs` is killed (crash recovery replays the WAL on the next start).
 */
export async function stopPostgres(server: PostgresProcess, timeoutMs = 15_000): Promise<void> {
  if (server.exited()) return;
  const exit = once(server.child, "exit");
  server.child.kill("SIGINT");
  const timer = setTimeout(() => server.child.kill("SIGKILL"), timeoutMs);
  await exit;
  clearTimeout(timer);
}
