import { readFileSync } from "node:fs";
import { create } from "@bufbuild/protobuf";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { AuthorizeRequestSchema } from "../../gen/proto/coresdk/v1/auth_pb.js";
import { Authorizer } from "../../sidecar/policy/authorizer.js";
import { DECISION_ENTRYPOINT, OpaPolicyEngine } from "../../sidecar/policy/opa-policy-engine.js";
import { MemoryTenantDirectory } from "../../sidecar/tenants/adapters/memory-tenant-directory.js";
import type { BenchOptions } from "../lib/options.js";
import { interleave, pick } from "../lib/pairs.js";
import { ROOT } from "../lib/processes.js";
import { type Row, targetAtMost } from "../lib/rows.js";
import { Samples, spread } from "../lib/stats.js";

const BUNDLE = `${ROOT}gen/policy/authz.wasm`;
const TENANT = "ten_bench";

/** The decision the gateway asks for on a KV read, as Rego input. */
const INPUT = {
  subject: {
    tenant_id: TENANT,
    app_id: "app_bench",
    user_id: null,
    scopes: ["kv.read", "kv.write"],
  },
  action: "kv.read",
  resource: { type: "kv", id: "bench.profile", tenant_id: TENANT },
};

/** Decides synchronously in a loop for `seconds`, timing each decision. */
async function loop(decide: () => unknown, seconds: number) {
  const samples = new Samples();
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    const t0 = process.hrtime.bigint();
    await decide();
    samples.add(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const elapsed = (performance.now() - start) / 1000;
  return { perSec: samples.count / elapsed, p50us: samples.at(0.5), p99us: samples.at(0.99) };
}

/**
 * Policy (issue #8 item 1): the default policy's decision on the raw opa-wasm instance (A) vs
 * the sidecar's whole Authorize (B: tenant lookup, data document, the adapter, the response
 * message). Decisions per second and p99 µs, in process; the target applies to B.
 */
export async function policyComparison(opts: BenchOptions): Promise<Row[]> {
  const raw = await loadPolicy(readFileSync(BUNDLE));
  raw.setData({ tenants: { [TENANT]: { status: "active", plan: "enterprise" } } });
  const engine = await OpaPolicyEngine.load(BUNDLE);
  const authorizer = new Authorizer(
    engine,
    new MemoryTenantDirectory([{ id: TENANT, plan: "enterprise" }]),
  );
  const request = create(AuthorizeRequestSchema, {
    subject: { tenantId: TENANT, appId: "app_bench", scopes: ["kv.read", "kv.write"] },
    action: "kv.read",
    resource: { type: "kv", id: "bench.profile", tenantId: TENANT },
  });
  const rawDecide = () => raw.evaluate(INPUT, DECISION_ENTRYPOINT);
  const sidecarDecide = () => authorizer.authorize(request);
  if (!(await sidecarDecide()).allow)
    throw new Error("policy bench: the bench decision must allow");
  await loop(rawDecide, 0.5);
  await loop(sidecarDecide, 0.5);
  const runs = await interleave(
    opts.pairs,
    () => loop(rawDecide, opts.microSecs),
    () => loop(sidecarDecide, opts.microSecs),
  );
  const p99 = pick(runs.b, "p99us");
  return [
    {
      id: "policy-rate",
      what: "policy decisions/s (default policy, kv.read allowed)",
      unit: "/s",
      a: { label: "opa-wasm evaluate", values: pick(runs.a, "perSec") },
      b: { label: "sidecar Authorizer", values: pick(runs.b, "perSec") },
      relation: "ratio",
    },
    {
      id: "policy-p99",
      what: "policy decision p99",
      unit: "µs",
      a: { label: "opa-wasm evaluate", values: pick(runs.a, "p99us") },
      b: { label: "sidecar Authorizer", values: p99 },
      relation: "ratio",
      target: targetAtMost(spread(p99).median, 100, "p99 ≤ 100 µs", " µs"),
    },
  ];
}
