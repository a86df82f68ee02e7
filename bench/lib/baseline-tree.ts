import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./processes.js";

/** The file whose arrival on the main line brought tracing in. */
const TRACING_MARKER = "lib/tracing/start-tracing.ts";

const git = (...args: string[]) =>
  execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();

/**
 * The main-line commit that brought tracing in: the merge of the tracing branch (compared with
 * its first parent, as `--first-parent` does), or the commit itself if it was made on the line.
 */
export function tracingCommit(): string {
  const found = git("log", "--first-parent", "--diff-filter=A", "--format=%H", "--", TRACING_MARKER)
    .split("\n")
    .at(-1);
  if (!found) throw new Error(`no commit adds ${TRACING_MARKER}`);
  return found;
}

/**
 * HEAD's tree with the tracing commit's changes to the programs reverted (`git revert -m1`,
 * three-way, in a scratch index: no worktree, branch or ref is touched), or undefined when the
 * revert does not apply cleanly (later fixes to the same lines).
 */
function revertedHead(commit: string, dir: string): string | undefined {
  const env = { ...process.env, GIT_INDEX_FILE: join(dir, "revert-index") };
  const run = (args: string[], input?: Buffer) =>
    execFileSync("git", args, { cwd: ROOT, env, input, stdio: ["pipe", "pipe", "ignore"] });
  try {
    run(["read-tree", "HEAD"]);
    const only = ["--", ".", ":!test", ":!docs", ":!bench", ":!*.md"];
    const patch = run(["diff", "--binary", commit, `${commit}^1`, ...only]);
    run(["apply", "--cached", "-3"], patch);
    return run(["write-tree"]).toString().trim();
  } catch {
    return undefined;
  }
}

/** `treeish` exported (git archive, not a worktree) to `dir/name`, linked and compiled. */
function exportTree(treeish: string, dir: string, name: string): string {
  const root = join(dir, name);
  mkdirSync(root);
  execFileSync("sh", ["-c", `git archive ${treeish} | tar -x -C '${root}'`], { cwd: ROOT });
  symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
  execFileSync(process.execPath, [join(root, "scripts/build.js")], { cwd: root, stdio: "ignore" });
  return root;
}

/** A tree for the `trace-off` row, exported and compiled like this one; `root` undefined: this tree. */
export interface BaselineSide {
  root: string | undefined;
  label: string;
}

/**
 * The two sides of "what tracing unset costs": the same code with and without the tracing
 * hooks, so hot-path changes made since tracing arrived count on both sides. Preferred: HEAD
 * with tracing reverted ÷ HEAD. When that revert no longer applies cleanly: the tracing merge
 * itself ÷ its first parent (the unset cost as merged; later changes to the unset path, if
 * any, are not measured — the label says which pair ran).
 *
 * @example
 *   const [before, after] = tracingOffPair(stackDir); // new Stack({ root: before.root }), …
 */
export function tracingOffPair(dir: string): [BaselineSide, BaselineSide] {
  const commit = tracingCommit();
  const short = commit.slice(0, 7);
  const reverted = revertedHead(commit, dir);
  if (reverted) {
    const before = {
      root: exportTree(reverted, dir, "reverted"),
      label: `HEAD, ${short} reverted`,
    };
    return [before, { root: undefined, label: "HEAD, tracing unset" }];
  }
  const before = {
    root: exportTree(`${commit}^1`, dir, "before"),
    label: `${short}^1 (no tracing)`,
  };
  return [before, { root: exportTree(commit, dir, "merged"), label: `${short}, tracing unset` }];
}
