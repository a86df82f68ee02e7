import { tracingOffPair } from "../lib/baseline-tree.js";
import { throughput } from "../lib/load.js";
import type { BenchOptions } from "../lib/options.js";
import { startOtlpSink } from "../lib/otlp-sink.js";
import { benchDir } from "../lib/processes.js";
import type { Row } from "../lib/rows.js";
import { targetAtLeast } from "../lib/rows.js";
import { Stack } from "../lib/stack.js";
import { ratios, spread } from "../lib/stats.js";
import { putKv, shapes } from "./gateway.js";

/** A started gateway + sidecar stack (no bare server), seeded with the KV entry. */
async function kvStack(opts: ConstructorParameters<typeof Stack>[0]): Promise<Stack> {
  const stack = new Stack({ ...opts, bare: false });
  try {
    await stack.start();
    if (!(await putKv(stack.gatewayUrl, stack.auth)))
      throw new Error("the gateway refused the KV seed");
    return stack;
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/**
 * Requests each stack answered in kvRun, to check the spans received: a lower bound of those
 * sent (autocannon does not count the ones still in flight when a run ends).
 */
const sent = new WeakMap<Stack, number>();

/** One throughput run of the KV read on a stack, then its audit delivery left to finish. */
async function kvRun(stack: Stack, secs: number) {
  const result = await throughput(shapes(stack.gatewayUrl, stack.auth).kv, secs);
  sent.set(stack, (sent.get(stack) ?? 0) + Math.round(result.rps * secs) + result.non2xx);
  await stack.auditQuiet();
  return result;
}

/**
 * A and B on the KV read after one warm-up run each, in pairs whose order alternates (A B,
 * B A, A B, …): two stacks share two cores, and whichever runs second inherits the other's
 * leftover work (the audit chain's commits, GC), so a fixed order would favour one side.
 * Answers each side's req/s, index i being pair i.
 */
async function pairKv(opts: BenchOptions, a: Stack, b: Stack) {
  for (const stack of [a, b]) await kvRun(stack, 1);
  const rps: [number[], number[]] = [[], []];
  // An even number of pairs, so each side runs first as often as the other.
  const pairs = opts.pairs + (opts.pairs % 2);
  for (let pair = 0; pair < pairs; pair++) {
    const order = pair % 2 === 0 ? [0, 1] : [1, 0];
    for (const side of order) {
      const result = await kvRun(side === 0 ? a : b, opts.throughputSecs);
      rps[side]?.push(result.rps);
    }
  }
  return rps;
}

/** Runs `work` on stacks started by `open`, stopping them whatever happens. */
async function withStacks<T>(open: () => Promise<Stack[]>, work: (s: Stack[]) => Promise<T>) {
  const stacks = await open();
  try {
    return await work(stacks);
  } finally {
    await Promise.all(stacks.map((s) => s.stop()));
  }
}

/**
 * `trace-off`: the code with its tracing hooks, no endpoint set ÷ the same code without them
 * (tracingOffPair says which pair); target ≥ 98%.
 */
async function offRow(opts: BenchOptions, dir: string): Promise<Row> {
  const [before, after] = tracingOffPair(dir);
  const [a, b] = await withStacks(
    async () => [
      await kvStack(before.root ? { root: before.root } : {}),
      await kvStack(after.root ? { root: after.root } : {}),
    ],
    ([without, unset]) => pairKv(opts, without as Stack, unset as Stack),
  );
  const pct = spread(ratios(a, b)).median * 100;
  return {
    id: "trace-off",
    what: "GET /v1/kv/{key}, gateway + sidecar, no OTLP endpoint set: the code with its tracing hooks ÷ the same code without them",
    unit: "req/s",
    a: { label: before.label, values: a },
    b: { label: after.label, values: b },
    relation: "ratio",
    target: targetAtLeast(pct, 98, "tracing unset costs ≤ 2%", "%"),
  };
}

/** The gateway's server span of the KV read: exactly one per request the traced stack was sent. */
const KV_SERVER_SPAN = "GET /v1/kv/{key}";

/** `trace-all`: every request sampled and exported (to a sink in this process) ÷ unset. */
async function allRow(opts: BenchOptions): Promise<Row> {
  const sink = await startOtlpSink(KV_SERVER_SPAN);
  const traced = { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint, OTEL_TRACES_SAMPLER: "always_on" };
  let requests = 0;
  try {
    const [a, b] = await withStacks(
      async () => [await kvStack({}), await kvStack({ env: traced })],
      async ([off, on]) => {
        const rps = await pairKv(opts, off as Stack, on as Stack);
        requests = sent.get(on as Stack) ?? 0;
        return rps;
      },
    );
    // Read after the stacks stopped: their shutdown flush delivered the last spans.
    const mib = (sink.counts.bytes / 2 ** 20).toFixed(0);
    const { spans, named } = sink.counts;
    const dropped = Math.max(0, requests - named);
    return {
      id: "trace-all",
      what: "GET /v1/kv/{key}, gateway + sidecar, every request traced and exported (OTLP/HTTP JSON to a local sink) ÷ tracing unset",
      unit: "req/s",
      a: { label: "tracing unset", values: a },
      b: { label: "always_on, exported", values: b },
      relation: "ratio",
      note:
        `${sink.counts.requests} export requests, ${mib} MiB, ${spans} spans received (both programs, all runs); ` +
        `${named} server spans (${KV_SERVER_SPAN}) for ${requests} requests answered ` +
        `(in-flight ones at each run's end not counted), ${dropped} dropped ` +
        `(${((100 * dropped) / Math.max(requests, 1)).toFixed(1)}%)`,
    };
  } finally {
    await sink.close();
  }
}

/**
 * What tracing costs the gateway + sidecar throughput (issue #17 item 5): with no endpoint set
 * against the same code without tracing (its own stacks, interleaved), and with every request sampled
 * and exported against no endpoint. Two stacks run at a time.
 */
export async function tracingComparison(opts: BenchOptions): Promise<Row[]> {
  const dir = benchDir("cpod-bench-tracing-");
  return [await offRow(opts, dir), await allRow(opts)];
}
