// vitest globalSetup: one scratch folder per test run, removed when the run ends.
// Tests make their data dirs with mkdtemp(os.tmpdir()) — embedded databases, audit queues, file
// stores, whole `cpod dev` data dirs — and many leave them behind on purpose (a failed run's
// folders are what you inspect). Left in /tmp they add up to gigabytes per run and once filled a
// developer's disk. Pointing TMPDIR at a per-run folder before the workers start keeps them all
// in one place that the run removes; `CPOD_KEEP_TEST_TMP=1` keeps it for inspection.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Sets TMPDIR for the workers (and the programs they spawn); returns the teardown. */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), "cpod-test-run-"));
  // Like /tmp itself: private servers run as their own users (PostgreSQL as `postgres`) and
  // must reach their folders below it; the sticky bit keeps users off each other's entries.
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.CPOD_KEEP_TEST_TMP === "1") console.log(`test scratch kept: ${root}`);
    else rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
