import { defineConfig } from "vitest/config";

// One config for the whole repo. Suites that need real servers read their URLs from the env
// printed by `scripts/services.sh env`; with CI=true a missing server fails the suite instead of
// skipping it (see test/helpers/services.ts).
export default defineConfig({
  test: {
    include: [
      "test/**/*.test.ts",
      "sidecar/**/*.test.ts",
      "server/**/*.test.ts",
      "sdk/src/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Before the workers start, in order: dist/ rebuilt if the sources moved on (the programs
    // the tests spawn run from it), a per-run TMPDIR that the run removes at the end, then one
    // embedded PostgreSQL under it that tests make their databases on (see each file).
    globalSetup: [
      "test/build.setup.ts",
      "test/helpers/scratch-root.setup.ts",
      "test/helpers/embedded-postgres.setup.ts",
    ],
    pool: "forks",
    // WebAssembly (OPA) runs on V8's baseline compiler only: short-lived test processes compile
    // their modules anew, and the optimising tier's background compiles cost more CPU than they
    // win back (measured ~20% less CPU when PGlite still ran in the test processes; not
    // re-measured for OPA alone). Programs the tests spawn keep V8's defaults.
    execArgv: ["--liftoff-only"],
    // Three test processes on this 2-core machine: many files spend their time waiting on real
    // servers, child programs and their clocks, so two workers left the CPUs ~25% idle. Measured
    // on the full suite: 369 s with 2 workers, 230 s with 3 (CPU 438 s of 470 s available).
    maxWorkers: 3,
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
  },
});
