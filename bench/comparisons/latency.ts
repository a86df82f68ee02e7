import { paced, type RequestShape, throughput } from "../lib/load.js";
import type { BenchOptions } from "../lib/options.js";
import { interleave, type Measurement, type PairedRuns, pick } from "../lib/pairs.js";
import { formatNumber, type Row, targetAtMost } from "../lib/rows.js";
import type { Stack } from "../lib/stack.js";
import { differences, spread } from "../lib/stats.js";
import { seedKv, shapes } from "./gateway.js";

/** The fixed rate every earlier run offered, kept as a second point for comparison. */
const FIXED_RATE = 1_000;

/**
 * The chain's own maximum: the gateway's median req/s from the gw-kv throughput rows when they
 * ran, else one throughput run here (autocannon, 50 connections, as gw-kv does).
 */
async function chainMax(stack: Stack, opts: BenchOptions, gateway: RequestShape, known?: number) {
  if (known && Number.isFinite(known)) return { rps: known, source: "gw-kv's gateway median" };
  await throughput(gateway, 1, 10);
  await stack.auditQuiet();
  const { rps } = await throughput(gateway, opts.throughputSecs);
  await stack.auditQuiet();
  return { rps, source: `measured here: ${opts.throughputSecs} s at 50 connections` };
}

/** Bare (A) and gateway (B) at one offered rate, interleaved; the audit delivered after each B. */
async function atRate(
  stack: Stack,
  opts: BenchOptions,
  sides: [RequestShape, RequestShape],
  rate: number,
): Promise<PairedRuns> {
  const [bare, gateway] = sides;
  await paced(bare, rate, 1);
  await paced(gateway, rate, 1);
  await stack.auditQuiet();
  return interleave(
    opts.pairs,
    () => paced(bare, rate, opts.latencySecs),
    async () => {
      const result = await paced(gateway, rate, opts.latencySecs);
      await stack.auditQuiet();
      return result;
    },
  );
}

const achieved = (runs: Measurement[]) => Math.round(Math.min(...pick(runs, "achievedRps")));

/** The p50 and p99 rows of one offered rate; targets only where `goals` are given. */
function rows(
  runs: PairedRuns,
  at: { id: string; label: string; rate: number; why: string },
  goals?: { p50: number; p99: number },
): Row[] {
  const lost = pick(runs.b, "unanswered").reduce((sum, n) => sum + n, 0);
  const note = `${at.why}; lowest achieved rate: bare ${achieved(runs.a)}, gateway ${achieved(runs.b)} req/s; gateway requests unanswered within 5 s: ${lost}`;
  return (["p50", "p99"] as const).map((name) => {
    const a = pick(runs.a, `${name}us`).map((us) => us / 1000);
    const b = pick(runs.b, `${name}us`).map((us) => us / 1000);
    const added = spread(differences(a, b)).median;
    const goal = goals?.[name];
    return {
      id: `lat-${at.id}-${name}`,
      what: `${at.label} at ${formatNumber(at.rate)} req/s offered, ${name} (B−A = added)`,
      unit: "ms",
      a: { label: "bare fastify", values: a },
      b: { label: "gateway + sidecar", values: b },
      relation: "difference",
      ...(goal === undefined
        ? {}
        : { target: targetAtMost(added, goal, `added ${name} ≤ ${goal} ms`, " ms") }),
      note,
    } satisfies Row;
  });
}

/**
 * Added latency (issue #8 item 1): the same route through the gateway and through the bare
 * server at the same offered rate, open loop, interleaved; gateway p50/p99 minus bare p50/p99
 * per pair. First at half the chain's own maximum rate — below saturation, so the difference
 * is the cost of the hop and the gateway's work, not queueing — where the targets apply; then
 * at the fixed 1,000 req/s of earlier runs, which may sit near or past the chain's maximum on a
 * busy machine (the note says how far). The KV read when the gateway serves it, else the
 * filtered entity list.
 */
export async function latencyComparison(
  stack: Stack,
  opts: BenchOptions,
  knownMaxRps?: number,
): Promise<Row[]> {
  const route = (await seedKv(stack)) ? "kv" : "list";
  const sides: [RequestShape, RequestShape] = [
    shapes(stack.bareUrl, {})[route],
    shapes(stack.gatewayUrl, stack.auth)[route],
  ];
  const label = route === "kv" ? "GET /v1/kv/{key}" : "GET /v1/entities/people?filter=…";
  const max = await chainMax(stack, opts, sides[1], knownMaxRps);
  const half = Math.max(1, Math.round(max.rps / 2));
  const maxText = `chain max ${formatNumber(max.rps)} req/s, ${max.source}`;
  const halfRuns = await atRate(stack, opts, sides, half);
  const fixedRuns = await atRate(stack, opts, sides, FIXED_RATE);
  const share = ((FIXED_RATE / max.rps) * 100).toFixed(0);
  return [
    ...rows(
      halfRuns,
      { id: "half", label, rate: half, why: `half the ${maxText}` },
      { p50: 1, p99: 10 },
    ),
    ...rows(fixedRuns, {
      id: "1k",
      label,
      rate: FIXED_RATE,
      why: `fixed rate, ${share}% of the ${maxText}; no target (it queues near 100%)`,
    }),
  ];
}
