import { execFileSync } from "node:child_process";
import os from "node:os";
import { ROOT } from "./processes.js";

/** Where and on what the figures were taken. */
export interface Provenance {
  machine: string;
  commit: string;
  date: string;
  /** 1/5/15-minute load averages when the run started and ended (absent in older runs). */
  load?: { start: number[]; end?: number[] };
}

/**
 * The 1-minute load average at the start and end of one comparison. On 2 cores anything above 2
 * means runnable work was waiting; it counts the bench's own processes too (the client, the
 * servers under test), so read it as "how crowded", not "how much of it was others".
 */
export interface LoadSpan {
  start: number;
  end: number;
}

/** The 1-minute load average now. */
export const loadNow = (): number => os.loadavg()[0] ?? Number.NaN;

/** Runs `work` and answers its result with the 1-minute load average before and after it. */
export async function withLoad<T>(work: () => Promise<T>): Promise<[T, LoadSpan]> {
  const start = loadNow();
  const result = await work();
  return [result, { start, end: loadNow() }];
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

/** CPU model, cores, RAM and Node version; the commit (marked when the tree had changes). */
export function provenance(): Provenance {
  const cpus = os.cpus();
  const ram = (os.totalmem() / 2 ** 30).toFixed(1);
  const model = cpus[0]?.model.trim() ?? "unknown CPU";
  const dirty = git(["status", "--porcelain", "--untracked-files=no"])
    ? " (with uncommitted changes)"
    : "";
  return {
    machine: `${model}, ${cpus.length} cores, ${ram} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`,
    commit: `${git(["rev-parse", "--short=12", "HEAD"]) || "unknown"}${dirty}`,
    date: new Date().toISOString(),
    load: { start: os.loadavg() },
  };
}

/** Marks the end of a run on its provenance (the load averages then). */
export function finished(p: Provenance): Provenance {
  return { ...p, load: { start: p.load?.start ?? [], end: os.loadavg() } };
}
