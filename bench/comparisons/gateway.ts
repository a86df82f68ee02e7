import { type RequestShape, throughput } from "../lib/load.js";
import type { BenchOptions } from "../lib/options.js";
import { interleave, pick, rounds } from "../lib/pairs.js";
import { type Row, skipped, type Target, targetAtLeast } from "../lib/rows.js";
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

/** Puts the KV entry on a side; false when it does not serve KV (e.g. a 501). */
export async function putKv(base: string, headers: Record<string, string>): Promise<boolean> {
  const status = await send(`${base}/v1/kv/${KV_KEY}`, "PUT", headers, KV_BODY);
  return status >= 200 && status < 300;
}

/** Puts the KV entry on both sides; false when the gateway does not serve KV yet (501). */
export async function seedKv(stack: Stack): Promise<boolean> {
  await putKv(stack.bareUrl, {});
  return putKv(stack.gatewayUrl, stack.auth);
}

/** The JSON a side answers for the KV read, its version (a per-store counter) set aside. */
async function kvAnswer(shape: RequestShape): Promise<{ json: string; bytes: number }> {
  const res = await fetch(shape.url, { headers: shape.headers });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${shape.url}: ${res.status} ${text.slice(0, 200)}`);
  const { version: _version, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return { json: JSON.stringify(rest), bytes: Buffer.byteLength(text) };
}

/** Fails unless every side answers the same JSON document (apart from the version); bytes each. */
async function sameKvJson(sides: RequestShape[]): Promise<number[]> {
  const answers = await Promise.all(sides.map(kvAnswer));
  const [first] = answers;
  for (const answer of answers) {
    if (answer.json !== first?.json)
      throw new Error(`KV answers differ: ${first?.json} vs ${answer.json}`);
  }
  return answers.map((a) => a.bytes);
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

/** Warms a side (JIT, connection pools) so the first round is not a cold start. */
async function warm(shape: RequestShape, quiet: () => Promise<number>): Promise<void> {
  await throughput(shape, 1, 10);
  await quiet();
}

/** One throughput comparison: bare (A) vs gateway (B), interleaved; `target` judges B/A. */
async function compare(
  stack: Stack,
  opts: BenchOptions,
  id: string,
  what: string,
  pick_: (s: ReturnType<typeof shapes>) => RequestShape,
  drains: number[],
  target?: (a: number[], b: number[]) => Target,
): Promise<Row> {
  const bare = pick_(shapes(stack.bareUrl, {}));
  const gateway = pick_(shapes(stack.gatewayUrl, stack.auth));
  await warm(bare, async () => 0);
  await warm(gateway, () => stack.auditQuiet());
  const runs = await interleave(
    opts.pairs,
    () => throughput(bare, opts.throughputSecs),
    async () => {
      const result = await throughput(gateway, opts.throughputSecs);
      drains.push(await stack.auditQuiet());
      return result;
    },
  );
  const [a, b] = [pick(runs.a, "rps"), pick(runs.b, "rps")];
  return {
    id,
    what,
    unit: "req/s",
    a: { label: "bare fastify", values: a },
    b: { label: "gateway + sidecar", values: b },
    relation: "ratio",
    ...(target
      ? { target: target(a, b) }
      : { note: "no target of its own (the throughput target is the KV read's)" }),
  };
}

/** gw-kv's target: ≥ 15% of bare, the stretch (25%) said in the detail. */
function kvTarget(a: number[], b: number[]): Target {
  const pct = spread(ratios(a, b)).median * 100;
  const target = targetAtLeast(pct, 15, "gateway ≥ 15% of bare fastify (stretch 25%)", "%");
  return { ...target, detail: `${target.detail}; stretch ${pct >= 25 ? "met" : "not met"}` };
}

/**
 * `GET /v1/kv/{key}` on three sides in rounds (bare, gateway + sidecar, no-hop gateway), after
 * checking all three answer the same JSON: the gateway's throughput against bare fastify, the
 * no-hop variant's, and the hop variant against the no-hop one — the hop's own cost.
 */
async function compareKv(stack: Stack, opts: BenchOptions, drains: number[]): Promise<Row[]> {
  const bare = shapes(stack.bareUrl, {}).kv;
  const gateway = shapes(stack.gatewayUrl, stack.auth).kv;
  const noHop = shapes(stack.noHopUrl, stack.auth).kv;
  const bytes = await sameKvJson([bare, gateway, noHop]);
  await warm(bare, async () => 0);
  await warm(gateway, () => stack.auditQuiet());
  await warm(noHop, () => stack.noHopAuditQuiet());
  const [a = [], b = [], c = []] = await rounds(opts.pairs, [
    () => throughput(bare, opts.throughputSecs),
    async () => {
      const result = await throughput(gateway, opts.throughputSecs);
      drains.push(await stack.auditQuiet());
      return result;
    },
    async () => {
      const result = await throughput(noHop, opts.throughputSecs);
      await stack.noHopAuditQuiet();
      return result;
    },
  ]);
  const [bareRps, hopRps, noHopRps] = [pick(a, "rps"), pick(b, "rps"), pick(c, "rps")];
  const hopShare = spread(ratios(noHopRps, hopRps)).median;
  const same = `same JSON from all three (${bytes.join("/")} bytes)`;
  return [
    {
      id: "gw-kv",
      what: "GET /v1/kv/{key}",
      unit: "req/s",
      a: { label: "bare fastify", values: bareRps },
      b: { label: "gateway + sidecar", values: hopRps },
      relation: "ratio",
      target: kvTarget(bareRps, hopRps),
      note: same,
    },
    {
      id: "gw-kv-nohop",
      what: "GET /v1/kv/{key}, the same admission and audit work in the gateway's process (no hop)",
      unit: "req/s",
      a: { label: "bare fastify", values: bareRps },
      b: { label: "no-hop gateway", values: noHopRps },
      relation: "ratio",
      note: same,
    },
    {
      id: "gw-kv-hop",
      what: "GET /v1/kv/{key}: hop variant ÷ no-hop variant (what the hop itself costs)",
      unit: "req/s",
      a: { label: "no-hop gateway", values: noHopRps },
      b: { label: "gateway + sidecar", values: hopRps },
      relation: "ratio",
      target: targetAtLeast(hopShare * 100, 90, "hop variant ≥ 90% of the no-hop variant", "%"),
    },
  ];
}

/** The KV rows: three-way with the no-hop gateway, or without it (a visible gap) if it failed. */
async function kvRows(stack: Stack, opts: BenchOptions, drains: number[]): Promise<Row[]> {
  await putKv(stack.bareUrl, {});
  if (!(await putKv(stack.gatewayUrl, stack.auth)))
    return [skipped("gw-kv", "GET /v1/kv/{key}", "the gateway does not serve KV")];
  try {
    await stack.startNoHop();
    if (!(await putKv(stack.noHopUrl, stack.auth))) throw new Error("it refused the KV seed");
  } catch (error) {
    const why = `no-hop gateway: ${(error as Error).message.split("\n")[0]}`;
    const kv = (s: ReturnType<typeof shapes>) => s.kv;
    return [
      await compare(stack, opts, "gw-kv", "GET /v1/kv/{key}", kv, drains, kvTarget),
      skipped("gw-kv-nohop", "GET /v1/kv/{key}, no hop", why),
      skipped("gw-kv-hop", "GET /v1/kv/{key}: hop ÷ no hop", why),
    ];
  }
  return compareKv(stack, opts, drains);
}

/**
 * Gateway throughput (issue #8 item 1): authenticated `GET /v1/kv/{key}` through the full chain
 * vs the bare route and vs the no-hop gateway, then a filtered entity list and entity create;
 * autocannon, 50 connections. Peak RSS of each process over these runs, and how long the audit
 * delivery went on after each gateway run, are reported too.
 */
export async function gatewayComparisons(stack: Stack, opts: BenchOptions): Promise<Row[]> {
  for (const program of stack.programs) program.resetPeak();
  const drains: number[] = [];
  const rows = await kvRows(stack, opts, drains);
  await seedPeople(stack.bareUrl, {});
  await seedPeople(stack.gatewayUrl, stack.auth);
  const list = (s: ReturnType<typeof shapes>) => s.list;
  rows.push(
    await compare(stack, opts, "gw-list", "GET /v1/entities/people?filter=…", list, drains),
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
    what: "audit delivery after a gateway run (s until the sidecar answers no more audit calls)",
    unit: "s",
    b: { label: "gateway → sidecar", values: drains },
    relation: "single",
    note: `max ${Math.max(...drains).toFixed(1)} s`,
  });
  return rows;
}
