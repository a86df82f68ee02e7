// The audit backlog bound through the gateway (issue #13 item 15): while the durable queue holds
// its bound, API requests are refused with 503 + Retry-After before any work; ops routes keep
// answering and /metrics shows the lag. No sidecar is needed: the guard runs before admission.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DurableAuditQueue } from "../../server/gateway/audit/durable-queue.js";
import type { AuditEntry } from "../../server/gateway/sidecar/sidecar-client.js";
import { buildTestGateway } from "../helpers/gateway-ports.js";

const entry = (requestId: string, timestamp: string): AuditEntry => ({
  tenantId: "ten_a",
  timestamp,
  actor: { type: "app", id: "app_1", appId: "app_1" },
  action: "kv.get",
  resource: { type: "kv", id: "k" },
  outcome: "success",
  status: 200,
  requestId,
  metadata: {},
});

describe("audit backlog bound", () => {
  let gateway: Awaited<ReturnType<typeof buildTestGateway>>;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "cpod-backlog-"));
    const queue = new DurableAuditQueue(join(dataDir, "gateway"));
    const old = new Date(Date.now() - 60_000).toISOString();
    await queue.appendAll([entry("q-0001", old), entry("q-0002", old)]);
    gateway = await buildTestGateway({
      dataDir,
      sidecarAddress: "http://127.0.0.1:9", // nothing listens: the backlog cannot drain
      sidecarTimeoutMs: 200,
      auditRetryMs: 10_000,
      auditQueueMax: 2,
    });
    await gateway.ready();
    // The queue is read at start, after ready(): wait until the guard has seen the backlog
    // rather than for a fixed time (a loaded machine took longer than 100 ms).
    await vi.waitFor(
      async () =>
        expect((await gateway.inject({ method: "GET", url: "/v1/kv/k" })).statusCode).toBe(503),
      { timeout: 10_000, interval: 20 },
    );
  });
  afterAll(async () => gateway?.close());

  it("answers API requests 503 unavailable with Retry-After while the backlog is at its bound", async () => {
    const res = await gateway.inject({ method: "GET", url: "/v1/kv/some-key" });
    expect(res.statusCode).toBe(503);
    expect(res.headers["retry-after"]).toBe("5");
    expect(res.json()).toMatchObject({ code: "unavailable" });
  });

  it("keeps ops routes answering and exposes the lag: depth, oldest age, refusals", async () => {
    expect((await gateway.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    const metrics = (await gateway.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toMatch(/^cpod_audit_queue_depth [2-9]/m);
    const age = Number(/^cpod_audit_queue_oldest_age_seconds (\S+)/m.exec(metrics)?.[1]);
    expect(age).toBeGreaterThanOrEqual(59);
    expect(metrics).toMatch(/^cpod_audit_backlog_refusals_total [1-9]/m);
  });
});
