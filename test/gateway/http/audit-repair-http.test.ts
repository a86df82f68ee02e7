// Issue #13 item 1: requests whose audit record breaks a field rule still reach the chain —
// repaired, flagged in metadata.repaired (hashed with the record), counted — through the real
// gateway and sidecar, and the chain verifies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditService } from "../../../gen/proto/coresdk/v1/audit_pb.js";
import { PLATFORM_CHAIN } from "../../../lib/audit-repair.js";
import { auditSettled } from "../../../server/gateway/app.js";
import { inProcessClient } from "../../helpers/sidecar.js";
import { reverify } from "../../sidecar/audit/independent-verifier.js";
import { type DataStack, type Json, json, startDataStack, variants } from "./data-stack.js";

const embedded = variants().slice(0, 1);

describe.each(embedded)("hostile requests are audited, repaired and flagged — $name", (variant) => {
  let s: DataStack;
  let alpha: Record<string, string>;
  const get = (path: string, headers = alpha) => fetch(`${s.url}${path}`, { headers });

  /** Every record of the tenant's chain (REST, as an operator reads it). */
  async function chain(): Promise<Json[]> {
    const items: Json[] = [];
    let cursor = "";
    do {
      const page = await json(await get(`/v1/audit/events?limit=500${cursor}`));
      items.push(...page.items);
      cursor = page.next_cursor ? `&cursor=${page.next_cursor}` : "";
    } while (cursor);
    return items;
  }

  beforeAll(async () => {
    s = await startDataStack(variant);
    alpha = await s.auth("ten_alpha");
  }, 60_000);
  afterAll(async () => s?.close());

  it("GET /v1/kv/nul0%00x and a 1,100-character file path land in the chain, flagged; it verifies", async () => {
    const nul = await get("/v1/kv/nul0%00x", { ...alpha, "x-request-id": `nul-${s.run}-0001` });
    expect(nul.status).toBe(400);
    const longPath = `${s.run}/${"p".repeat(1100)}`;
    const long = await get(`/v1/files/${longPath}`, {
      ...alpha,
      "x-request-id": `long-${s.run}-0001`,
    });
    expect(long.status).toBeGreaterThanOrEqual(400);
    await auditSettled(s.stack.gateway);

    const records = await chain();
    const byRequest = (id: string) => records.find((r) => r.request_id === id);
    const nulRecord = byRequest(`nul-${s.run}-0001`);
    expect(nulRecord).toMatchObject({
      tenant_id: "ten_alpha",
      action: "kv.get",
      status: 400,
      outcome: "error",
      resource: { type: "kv", id: "nul0\\u0000x" },
      metadata: { repaired: ["resource.id"] },
    });
    const longRecord = byRequest(`long-${s.run}-0001`);
    expect(longRecord?.metadata?.repaired).toEqual(["resource.id"]);
    expect(longRecord?.resource.id).toBe(longPath.slice(0, 1024));
    expect(reverify(records)).toEqual({ valid: true });
    const verify = await json(await get("/v1/audit/verify"));
    expect(verify.valid).toBe(true);

    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/cpod_audit_records_repaired_total\{field="resource.id"\} [2-9]/);
    expect(metrics).toMatch(/cpod_audit_records_rejected_total 0/);
  });

  it("a request without a verified token is audited in the platform chain", async () => {
    const res = await fetch(`${s.url}/v1/kv/anything`, {
      headers: { "x-request-id": `anon-${s.run}-0001` },
    });
    expect(res.status).toBe(401);
    await auditSettled(s.stack.gateway);
    // In process: over the wire Query needs the chain's own tenant token, and no token names
    // the platform chain.
    const audit = inProcessClient(s.stack.services, AuditService);
    const page = await audit.query({ tenantId: PLATFORM_CHAIN, limit: 500 });
    const ours = page.records.find((r) => r.requestId === `anon-${s.run}-0001`);
    expect(ours).toMatchObject({
      tenantId: PLATFORM_CHAIN,
      action: "kv.get",
      status: 401,
      outcome: "denied",
      actor: { type: "anonymous", id: "anonymous" },
    });
    expect((await audit.verify({ tenantId: PLATFORM_CHAIN })).valid).toBe(true);
  });

  it("two requests that share a client-chosen request id are both in the chain", async () => {
    const id = `dup-${s.run}-0001`;
    for (let i = 0; i < 2; i++) await get(`/v1/kv/dup-${s.run}`, { ...alpha, "x-request-id": id });
    await auditSettled(s.stack.gateway);
    expect((await chain()).filter((r) => r.request_id === id)).toHaveLength(2);
  });
});
