import { paced } from "../lib/load.js";
import type { BenchOptions } from "../lib/options.js";
import { interleave, type Measurement, pick } from "../lib/pairs.js";
import { type Row, targetAtMost } from "../lib/rows.js";
import type { Stack } from "../lib/stack.js";
import { differences, spread } from "../lib/stats.js";
import { shapes } from "./gateway.js";

const RATE = 1_000;

/**
 * Added latency (issue #8 item 1): the same route at a fixed 1,000 req/s through the gateway
 * and through the bare server, interleaved; p50 and p99 of gateway minus bare, per pair. Uses
 * the KV read when the gateway serves it, else the filtered entity list.
 */
export async function latencyComparison(
  stack: Stack,
  opts: BenchOptions,
  kvServed: boolean,
): Promise<Row[]> {
  const route = kvServed ? "kv" : "list";
  const bare = shapes(stack.bareUrl, {})[route];
  const gateway = shapes(stack.gatewayUrl, stack.auth)[route];
  await paced(bare, RATE, 1);
  await paced(gateway, RATE, 1);
  await stack.auditQuiet();
  const runs = await interleave(
    opts.pairs,
    () => paced(bare, RATE, opts.latencySecs),
    async () => {
      const result = await paced(gateway, RATE, opts.latencySecs);
      await stack.auditQuiet();
      return result;
    },
  );
  const label = kvServed ? "GET /v1/kv/{key}" : "GET /v1/entities/people?filter=…";
  const row = (q: "p50us" | "p99us", goalMs: number): Row => {
    const a = pick(runs.a, q).map((us) => us / 1000);
    const b = pick(runs.b, q).map((us) => us / 1000);
    const added = spread(differences(a, b)).median;
    const name = q.slice(0, 3);
    return {
      id: `lat-${name}`,
      what: `${label} at ${RATE.toLocaleString("en-US")} req/s, ${name} (B−A = added)`,
      unit: "ms",
      a: { label: "bare fastify", values: a },
      b: { label: "gateway + sidecar", values: b },
      relation: "difference",
      target: targetAtMost(added, goalMs, `added ${name} ≤ ${goalMs} ms`, " ms"),
    };
  };
  const achieved = (runs: Measurement[]) => Math.round(Math.min(...pick(runs, "achievedRps")));
  const lost = pick(runs.b, "unanswered").reduce((sum, n) => sum + n, 0);
  const rows = [row("p50us", 0.5), row("p99us", 2)];
  const note = `lowest achieved rate: bare ${achieved(runs.a)}, gateway ${achieved(runs.b)} req/s; gateway requests unanswered within 5 s: ${lost}`;
  for (const r of rows) r.note = note;
  return rows;
}
