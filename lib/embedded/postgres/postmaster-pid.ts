import { readFileSync } from "node:fs";
import { join } from "node:path";

/** What a running server's `postmaster.pid` says about it. */
export interface Postmaster {
  pid: number;
  port: number;
  /** The status line: `ready` once it accepts connections (`starting`, `stopping` before). */
  status: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (the server runs as `nobody`).
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The server already running on `dataDir` (started by another process, or one that outlived
 * its parent), read from the lock file PostgreSQL keeps there: line 1 the pid, line 4 the port,
 * line 8 the status. Undefined when there is none or its pid is gone (a stale file after a
 * crash, which postgres itself replaces on start).
 *
 * @example
 *   const running = livePostmaster("/srv/cpod/postgres");
 */
export function livePostmaster(dataDir: string): Postmaster | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || !alive(pid))
    return undefined;
  return { pid, port, status: (lines[7] ?? "").trim() };
}
