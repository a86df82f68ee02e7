import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seedKv, shapes } from "./comparisons/gateway.js";
import { throughput } from "./lib/load.js";
import type { BenchOptions } from "./lib/options.js";
import { ROOT } from "./lib/processes.js";
import { hotspotTable, summarize } from "./lib/profile-summary.js";
import { Stack } from "./lib/stack.js";

const DIR = join(ROOT, "bench/profiles");

/**
 * `npm run bench -- --profile`: the gateway and the sidecar run with `--cpu-prof` under the KV
 * throughput run (autocannon, 50 connections); on shutdown each writes a `.cpuprofile` into
 * bench/profiles/ (gitignored; open them in Chrome DevTools or speedscope), and the top self-time
 * functions and areas of each are printed and written to bench/profiles/summary.md.
 */
export async function profile(opts: BenchOptions): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  for (const old of readdirSync(DIR).filter((f) => f.endsWith(".cpuprofile"))) {
    rmSync(join(DIR, old)); // last-run.json (for --rewrite) stays
  }
  const flag = (name: string) => [
    "--cpu-prof",
    "--cpu-prof-dir",
    DIR,
    "--cpu-prof-name",
    `${name}.cpuprofile`,
  ];
  const stack = new Stack();
  let loadStart = 0;
  let loadEnd = 0;
  try {
    await stack.start({ gateway: flag("gateway"), sidecar: flag("sidecar") });
    const kv = await seedKv(stack);
    const route = shapes(stack.gatewayUrl, stack.auth)[kv ? "kv" : "list"];
    await throughput(route, 2, 10);
    await stack.auditQuiet();
    loadStart = performance.now();
    const result = await throughput(route, opts.throughputSecs);
    loadEnd = performance.now();
    console.log(`profiled ${route.url}: ${Math.round(result.rps)} req/s`);
  } finally {
    await stack.stop();
  }
  // Only the load run counts (the exit is when stop() returned, within a few ms).
  const exited = performance.now();
  const window = {
    fromSecsBeforeExit: (exited - loadStart) / 1000,
    toSecsBeforeExit: (exited - loadEnd) / 1000,
  };
  const sections: string[] = [];
  for (const file of readdirSync(DIR).filter((f) => f.endsWith(".cpuprofile"))) {
    const s = summarize(join(DIR, file), 20, window);
    sections.push(
      `## ${file}: busy CPU ${(s.busyMs / 1000).toFixed(1)} s in the ${opts.throughputSecs} s load run`,
      "",
      hotspotTable("area (package or file)", s.areas),
      "",
      hotspotTable("function", s.functions),
      "",
    );
  }
  const text = ["# CPU profiles under the gateway throughput run", "", ...sections].join("\n");
  writeFileSync(join(DIR, "summary.md"), text);
  console.log(text);
}
