import { execFileSync } from "node:child_process";
import os from "node:os";
import { ROOT } from "./processes.js";

/** Where and on what the figures were taken. */
export interface Provenance {
  machine: string;
  commit: string;
  date: string;
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
  };
}
