import { setPriority } from "node:os";

/**
 * The nice value the embedded engines run at. On a developer's machine they share the cores
 * with the process that answers requests; a heavy analytics query (ClickHouse uses every core)
 * or a burst of writes must not take the CPU from it. The engines still get all the CPU nobody
 * else wants.
 */
export const ENGINE_NICENESS = 10;

/**
 * Lowers a just-spawned engine's CPU priority to ENGINE_NICENESS. Called right after spawn, so
 * the threads and processes the engine starts afterwards inherit it (Linux niceness is per
 * thread, inherited at creation). Best effort: where the OS refuses, the engine runs as is.
 *
 * @example
 *   const child = spawn("postgres", args);
 *   yieldToRequests(child.pid);
 */
export function yieldToRequests(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, ENGINE_NICENESS);
  } catch {
    // not permitted here (or the process is already gone): priority is an optimisation
  }
}
