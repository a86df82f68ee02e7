// Issue #13 item 15: a FerretDB outage in the middle of a steady load. The gateway's emitter
// (EmitBatch per turn, durable queue on failure, batched drain) feeds the sidecar's AuditService
// on the MongoDB store, in-process; the database is a private FerretDB stopped and restarted
// mid-run. Every record must end up in its chain exactly once, and the chains verify.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EmitRequestSchema } from "../../../gen/proto/coresdk/v1/audit_pb.js";
import { AuditEmitter, type AuditSink } from "../../../server/gateway/audit/audit-emitter.js";
import { DurableAuditQueue } from "../../../server/gateway/audit/durable-queue.js";
import type { AuditEntry } from "../../../server/gateway/sidecar/sidecar-client.js";
import { MongoAuditStore } from "../../../sidecar/audit/adapters/mongo-audit-store.js";
import { createAuditService } from "../../../sidecar/audit/audit-service.js";
import { hasServer, type PrivateServer, privateFerretDb } from "../../helpers/private-server.js";
import { reverify } from "./independent-verifier.js";

const TENANTS = ["ten_out_a", "ten_out_b"];

function entry(n: number): AuditEntry {
  return {
    tenantId: TENANTS[n % TENANTS.length] as string,
    timestamp: new Date().toISOString(),
    actor: { type: "app", id: "app_1", appId: "app_1" },
    action: "kv.get",
    resource: { type: "kv", id: `k${n}` },
    outcome: "success",
    status: 200,
    requestId: `out-${String(n).padStart(5, "0")}`,
    metadata: { n },
    dedupKey: `dk-${n}`,
  };
}

describe.skipIf(!hasServer("ferretdb"))("FerretDB outage under load", () => {
  it("queues during the outage and delivers every record exactly once after it; chains verify", async () => {
    const ferret = (await privateFerretDb()) as PrivateServer;
    const store = await MongoAuditStore.open(ferret.url);
    const service = createAuditService(store, { cursorKey: "k" });
    let failedCalls = 0;
    const sink: AuditSink = {
      async emitBatch(entries) {
        const records = entries.map((e) => create(EmitRequestSchema, { ...e }));
        const { results } = await service.emitBatch({
          $typeName: "coresdk.v1.EmitBatchRequest",
          records,
        });
        const outcomes = results.map((r) => (r.result.case === "record" ? "delivered" : "failed"));
        if (outcomes.includes("failed")) failedCalls += 1;
        return outcomes as ("delivered" | "failed")[];
      },
    };
    const queue = new DurableAuditQueue(mkdtempSync(join(tmpdir(), "cpod-outage-")));
    const emitter = new AuditEmitter({ sink, queue, minBackoffMs: 50, maxBackoffMs: 500 });
    try {
      let n = 0;
      const load = async (ms: number) => {
        const end = Date.now() + ms;
        while (Date.now() < end) {
          for (let i = 0; i < 10; i++) emitter.record(entry(n++));
          await new Promise((r) => setTimeout(r, 20)); // ~500 records/s
        }
      };
      await load(1_000);
      await ferret.stop();
      // Longer than the appender's 3 s bound on one driver call: a write in flight when the
      // server died may never settle, and only that bound turns it into a queued record.
      await load(5_000);
      const queuedDuringOutage = await queue.depth();
      await ferret.start();
      await load(1_000);
      await emitter.settled();

      expect(failedCalls).toBeGreaterThan(0);
      expect(queuedDuringOutage).toBeGreaterThan(0);
      expect(await queue.depth()).toBe(0);
      for (const [t, tenant] of TENANTS.entries()) {
        const stored = await store.range(tenant, 0, 100_000);
        const want = Array.from({ length: n }, (_, i) => i)
          .filter((i) => i % TENANTS.length === t)
          .map((i) => `out-${String(i).padStart(5, "0")}`);
        const ids = stored.map((r) => r.request_id);
        expect(ids).toHaveLength(want.length); // none twice …
        expect([...ids].sort()).toEqual(want); // … none lost
        // In order, except that batches in flight when the store went down may be stored after
        // a later batch that was still waiting for the server when it came back: at most the
        // emitter's window (4 calls) out of place, never a record that waited in the queue.
        const displaced = ids.filter((id, i) => id !== want[i]).length;
        expect(displaced).toBeLessThan(ids.length / 2);
        expect(reverify(stored)).toEqual({ valid: true });
        expect(
          (await service.verify({ $typeName: "coresdk.v1.VerifyRequest", tenantId: tenant })).valid,
        ).toBe(true);
      }
    } finally {
      await emitter.close();
      await store.close();
      await ferret.close();
    }
  }, 120_000);
});
