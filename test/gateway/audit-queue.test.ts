import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditService } from "../../gen/proto/coresdk/v1/audit_pb.js";
import { auditSettled } from "../../server/gateway/app.js";
import { inProcessClient } from "../helpers/sidecar.js";
import { bearer, startWireStack, type WireStack } from "./harness.js";

const PEOPLE = "/v1/entities/people";

/**
 * Every record of a tenant's chain, via AuditService.Query in the sidecar's process (over the
 * wire a chain is only readable with a token of its tenant).
 */
async function chain(stack: WireStack, tenantId: string) {
  const audit = inProcessClient(stack.sidecar.sidecar, AuditService);
  const records = [];
  let cursor: string | undefined;
  do {
    const page = await audit.query({ tenantId, limit: 500, cursor });
    records.push(...page.records);
    cursor = page.nextCursor || undefined;
  } while (cursor);
  const verdict = await audit.verify({ tenantId });
  return { records, verdict };
}

describe("audit emission survives a sidecar outage (durable queue, drained in order)", () => {
  let stack: WireStack;
  beforeAll(async () => {
    // A request carrying x-test-stop stops the sidecar after steps 1–4 passed, so its own
    // Emit (and those of requests in flight with it) must go to the durable queue.
    stack = await startWireStack({}, (app, current) => {
      app.addHook("preHandler", async (request) => {
        if (request.headers["x-test-stop"]) await current().stopSidecar();
      });
    });
  }, 60_000);
  afterAll(async () => stack?.close());

  it("holds every audited request exactly once, and the chain verifies", async () => {
    const headers = bearer(await stack.token("ten_alpha", { app: "app_audit" }));
    const sent: { id: string; status: number }[] = [];
    const fire = async (i: number, extra: Record<string, string> = {}) => {
      const id = `req-audit-${String(i).padStart(4, "0")}`;
      const res = await stack.gateway.inject({
        method: "GET",
        url: PEOPLE,
        headers: { ...headers, ...extra, "x-request-id": id },
      });
      sent.push({ id, status: res.statusCode });
    };
    for (let i = 0; i < 10; i++) await fire(i);
    await Promise.all([
      fire(10, { "x-test-stop": "1" }),
      ...Array.from({ length: 15 }, (_, k) => fire(11 + k)),
    ]);
    for (let i = 26; i < 31; i++) await fire(i); // sidecar down: 503, fail closed
    expect(sent.filter((s) => s.id >= "req-audit-0026").map((s) => s.status)).toEqual(
      Array(5).fill(503),
    );
    await new Promise((r) => setTimeout(r, 300)); // a few failed drain attempts
    const queued = readFileSync(join(stack.dataDir, "gateway", "audit-queue.jsonl"), "utf8");
    expect(queued).toContain("req-audit-0010"); // its Emit met the outage and was queued
    await stack.restartSidecar();
    for (let i = 31; i < 41; i++) await fire(i);
    await auditSettled(stack.gateway);

    const { records, verdict } = await chain(stack, "ten_alpha");
    expect(verdict.valid).toBe(true);
    const ids = records.map((r) => r.requestId);
    expect(new Set(ids).size).toBe(ids.length); // exactly once
    const mustHave = sent.filter((s) => s.status !== 503).map((s) => s.id);
    expect(mustHave).toContain("req-audit-0010"); // the request whose Emit hit the outage
    for (const id of mustHave) expect(ids).toContain(id);
    for (const id of ids) expect(sent.map((s) => s.id)).toContain(id);
    // Order: everything queued during the outage precedes what was sent after the restart.
    const after = ids.filter((id) => id >= "req-audit-0031");
    expect(ids.slice(-after.length)).toEqual(after);
    expect(records.map((r) => Number(r.sequenceId))).toEqual(records.map((_, i) => i + 1));
  }, 120_000);
});
