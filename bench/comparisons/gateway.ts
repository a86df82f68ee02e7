import { type RequestShape, throughput } from "../lib/load.js";
import type { BenchOptions } from "../lib/options.js";
import { interleave, pick } from "../lib/pairs.js";
import { type Row, skipped, targetAtLeast } from "../lib/rows.js";
import type { Stack } from "../lib/stack.js";
import { ratios, spread } from "../lib/stats.js";

/** The KV entry both sides serve (same JSON value, same embedded store adapter). */
export const KV_KEY = "bench.profile";
const KV_BODY = JSON.stringify({ value: { plan: "pro", seats: 42, flags: ["a", "b"] } });
/** People seeded on each side before the list runs, and the filter that finds 1 in 50. */
const SEEDED = 500;
const FILTER = encodeURIComponent(JSON.stringify({ external_id: { $eq: "ext-7" } }));
const PERSON = JSON.stringify({ display_name: "Bench Person", email: "bench@example.com" });

/** The three request shapes, on a base URL; the gateway's carry the bearer token. */
export function shapes(base: string, headers: Record<string, string>) {
  return {
    kv: { url: `${base}/v1/kv/${KV_KEY}`, headers },
    list: { url: `${base}/v1/entities/people?filter=${FILTER}`, headers },
    create: { url: `${base}/v1/entities/people`, method: "POST", headers, body: PERSON },
  } satisfies Record<string, RequestShape>;
}

async function send(url: string, method: string, headers: Record<string, string>, body: string) {
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Puts the KV entry on both sides; false when the gateway does not serve KV yet (501). */
export async function seedKv(stack: Stack): Promise<boolean> {
  await send(`${stack.bareUrl}/v1/kv/${KV_KEY}`, "PUT", {}, KV_BODY);
  const status = await send(`${stack.gatewayUrl}/v1/kv/${KV_KEY}`, "PUT", stack.auth, KV_BODY);
  return status >= 200 && status < 300;
}

async function seedPeople(base: string, headers: Record<string, string>): Promise<void> {
  for (let i = 0; i < SEEDED; i += 25) {
    const batch = Array.from({ length: 25 }, (_, j) => {
      const n = i + j;
      const body = JSON.stringify({ display_name: `Person ${n}`, external_id: `ext-${n % 50}` });
      return send(`${base}/v1/entities/people`, "POST", headers, body);
    });
    const statuses = await Promise.all(batch);
    if (statuses.some((s) => s !== 201)) throw new Error(`seeding people at ${base}: ${statuses}`);
  }
}

/** One throughput comparison: bare (A) vs gateway (B), interleaved, ratio target ≥ 25%. */
async function compare(
  stack: Stack,
  opts: BenchOptions,
  id: string,
  what: string,
  pick_: (s: ReturnType<typeof shapes>) => RequestShape,
  drains: number[],
): Promise<Row> {
  const bare = pick_(shapes(stack.bareUrl, {}));
  const gateway = pick_(shapes(stack.gatewayUrl, stack.auth));
  // Warm both (JIT, connection pools) so the first pair is not a cold start.
  await throughput(bare, 1, 10);
  await throughput(gateway, 1, 10);
  await stack.auditQuiet();
  const runs = await interleave(
    opts.pairs,
    () => throughput(bare, opts.throughputSecs),
    async () => {
      const result = await throughput(gateway, opts.throughputSecs);
      drains.push(await stack.auditQuiet());
      return result;
    },
  );
  const a = pick(runs.a, "rps");
  const b = pick(runs.b, "rps");
  const ratio = spread(ratios(a, b)).median;
  return {
    id,
    what,
    unit: "req/s",
    a: { label: "bare fastify", values: a },
    b: { label: "gateway + sidecar", values: b },
    relation: "ratio",
    target: targetAtLeast(ratio * 100, 25, "gateway ≥ 25% of bare fastify", "%"),
  };
}

/**
 * Gateway throughput (issue #8 item 1): authenticated `GET /v1/kv/{key}` through the full chain
 * vs the bare route, then a filtered entity list and entity create; autocannon, 50 connections.
 * Peak RSS of each process over these runs, and how long the audit backlog took to drain after
 * each gateway run, are reported too.
 */
export async function gatewayComparisons(stack: Stack, opts: BenchOptions): Promise<Row[]> {
  for (const program of stack.programs) program.resetPeak();
  const rows: Row[] = [];
  const drains: number[] = [];
  if (await seedKv(stack)) {
    rows.push(await compare(stack, opts, "gw-kv", "GET /v1/kv/{key}", (s) => s.kv, drains));
  } else {
    rows.push(
      skipped("gw-kv", "GET /v1/kv/{key}", "the gateway answers 501 for KV (issue #6 not landed)"),
    );
  }
  await seedPeople(stack.bareUrl, {});
  await seedPeople(stack.gatewayUrl, stack.auth);
  rows.push(
    await compare(
      stack,
      opts,
      "gw-list",
      "GET /v1/entities/people?filter=…",
      (s) => s.list,
      drains,
    ),
  );
  rows.push(
    await compare(stack, opts, "gw-create", "POST /v1/entities/people", (s) => s.create, drains),
  );
  for (const program of stack.programs) {
    rows.push({
      id: `rss-${program.name}`,
      what: `peak RSS, ${program.name} process, during the gateway runs`,
      unit: "MiB",
      b: { label: program.name, values: [program.resetPeak() / 2 ** 20] },
      relation: "single",
    });
  }
  rows.push({
    id: "audit-drain",
    what: "audit backlog drain after a gateway run (s until Emit calls stop)",
    unit: "s",
    b: { label: "gateway → sidecar", values: drains },
    relation: "single",
    note: `max ${Math.max(...drains).toFixed(1)} s`,
  });
  return rows;
}
