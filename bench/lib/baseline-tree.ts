import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./processes.js";

/** The file whose first commit brought tracing in: the baseline is the commit before it. */
const TRACING_MARKER = "lib/tracing/start-tracing.ts";

const git = (...args: string[]) =>
  execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();

/** The last commit before tracing (the parent of the commit that added TRACING_MARKER). */
export function preTracingCommit(): string {
  const added = git("log", "--diff-filter=A", "--format=%H", "--", TRACING_MARKER)
    .split("\n")
    .at(-1);
  if (!added) throw new Error(`no commit adds ${TRACING_MARKER}`);
  return git("rev-parse", `${added}^`);
}

/**
 * The pre-tracing tree exported (git archive, not a worktree) under `dir`, this tree's
 * node_modules linked in and its programs compiled to dist/ exactly as `npm install` does, so
 * the baseline runs the same way (compiled, same dependencies) as this tree's programs.
 *
 * @example
 *   const base = exportPreTracingTree(stackDir); // then new Stack({ root: base.root })
 */
export function exportPreTracingTree(dir: string): { root: string; commit: string } {
  const commit = preTracingCommit();
  const root = join(dir, "pre-tracing");
  mkdirSync(root);
  execFileSync("sh", ["-c", `git archive ${commit} | tar -x -C '${root}'`], { cwd: ROOT });
  symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
  execFileSync(process.execPath, [join(root, "scripts/build.js")], { cwd: root, stdio: "ignore" });
  return { root, commit: commit.slice(0, 7) };
}
