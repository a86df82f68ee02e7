/** How long and how often each comparison runs; `--quick` shrinks everything for a smoke run. */
export interface BenchOptions {
  quick: boolean;
  /** `--profile`: CPU profiles of gateway and sidecar under the KV throughput run, no table. */
  profile: boolean;
  /** `--rewrite`: re-render BENCHMARKS.md from the last full run (after editing bench/NOTES.md). */
  rewrite: boolean;
  /** `--only a,b`: run only the named comparisons (ids as printed). */
  only?: Set<string>;
  /** Interleaved A/B pairs per comparison. */
  pairs: number;
  /** Seconds per autocannon throughput run. */
  throughputSecs: number;
  /** Seconds per fixed-rate latency run. */
  latencySecs: number;
  /** Seconds per in-process micro run (policy, audit, rate limiter, sidecar hop). */
  microSecs: number;
  /** Whether BENCHMARKS.md is rewritten (not for --quick or --only, which are partial). */
  writeReport: boolean;
}

/** Parses `npm run bench -- [--quick] [--profile] [--only ids]`. */
export function parseOptions(argv: string[]): BenchOptions {
  const quick = argv.includes("--quick");
  const profile = argv.includes("--profile");
  const rewrite = argv.includes("--rewrite");
  const onlyAt = argv.indexOf("--only");
  const only =
    onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? "").split(",").filter(Boolean)) : undefined;
  const known = new Set([
    "--quick",
    "--profile",
    "--rewrite",
    "--only",
    ...(only ? [argv[onlyAt + 1]] : []),
  ]);
  const unknown = argv.filter((a) => !known.has(a));
  if (unknown.length > 0) throw new TypeError(`bench: unknown argument ${unknown.join(" ")}`);
  return {
    quick,
    profile,
    rewrite,
    ...(only ? { only } : {}),
    pairs: 3,
    throughputSecs: quick ? 2 : 10,
    latencySecs: quick ? 2 : 10,
    microSecs: quick ? 0.5 : 3,
    writeReport: !quick && !only && !profile,
  };
}
