// AuditService.EmitBatch called directly on the embedded store: one result per record, in
// order, each judged on its own (repaired, never refused for its content), written together,
// deduplicated like Emit.

import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "../../../lib/sql/index.js";
import { SqlAuditStore } from "../../../sidecar/audit/adapters/sql-audit-store.js";
import { createAuditMetrics } from "../../../sidecar/audit/audit-metrics.js";
import {
  type AuditServiceImpl,
  createAuditService,
  EMIT_SLICE,
} from "../../../sidecar/audit/audit-service.js";
import type { AuditStore } from "../../../sidecar/audit/audit-store.js";
import { SidecarError } from "../../../sidecar/errors/sidecar-error.js";
import { openFreshDatabase } from "../../helpers/sql-database.js";
import { emitRequest } from "./fixtures.js";
import { reverify } from "./independent-verifier.js";

describe("AuditService.EmitBatch", () => {
  let sql: SqlClient;
  let store: AuditStore;
  let svc: AuditServiceImpl;
  let n = 0;
  const tenant = () => `batch-${n++}`;

  beforeAll(async () => {
    sql = await openFreshDatabase();
    store = await SqlAuditStore.open(sql);
    svc = createAuditService(store, { cursorKey: "k" });
  });
  afterAll(async () => sql?.close());

  it("appends every record in order, interleaved tenants each in their own chain", async () => {
    const [a, b] = [tenant(), tenant()];
    const records = [1, 2, 3, 4, 5, 6].map((i) => emitRequest(i % 2 ? a : b, i));
    const { results } = await svc.emitBatch({ $typeName: "coresdk.v1.EmitBatchRequest", records });
    expect(results.map((r) => r.result.case)).toEqual(Array(6).fill("record"));
    const stored = (t: string) => store.range(t, 0, 10);
    expect((await stored(a)).map((r) => r.request_id)).toEqual(["req-1", "req-3", "req-5"]);
    expect((await stored(b)).map((r) => r.request_id)).toEqual(["req-2", "req-4", "req-6"]);
    expect(reverify(await stored(a))).toEqual({ valid: true });
    expect(reverify(await stored(b))).toEqual({ valid: true });
  });

  it("repairs records that break a rule instead of refusing them, flags and counts them", async () => {
    const t = tenant();
    const registry = new Registry();
    const metrics = createAuditMetrics(registry);
    const repairing = createAuditService(store, { cursorKey: "k", metrics });
    const records = [
      emitRequest(t, 1),
      emitRequest(t, 2, { requestId: "" }), // request_id: string.min_len
      emitRequest(t, 3, { status: 42 }), // status: int32.gte
      emitRequest(t, 4, { resource: { type: "kv", id: "nul0\u0000x" } }),
      emitRequest(t, 5, { action: "a".repeat(300), actor: { type: "App!", id: "\uD800x" } }),
      emitRequest(t, 6, { timestamp: "2026-13-45T99:99:99Z" }), // the pattern's shape, no instant
      emitRequest(t, 7),
    ];
    const { results } = await repairing.emitBatch({
      $typeName: "coresdk.v1.EmitBatchRequest",
      records,
    });
    expect(results.map((r) => r.result.case)).toEqual(Array(7).fill("record"));
    const stored = await store.range(t, 0, 10);
    expect(stored.map((r) => r.sequence_id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(stored.map((r) => r.metadata?.repaired ?? null)).toEqual([
      null,
      ["request_id"],
      ["status"],
      ["resource.id"],
      ["action", "actor.id", "actor.type"],
      ["timestamp"],
      null,
    ]);
    expect(stored[1]).toMatchObject({ request_id: "unknown" });
    expect(stored[2]).toMatchObject({ status: 500 });
    expect(stored[3]?.resource.id).toBe("nul0\\u0000x");
    expect(stored[4]).toMatchObject({ action: "a".repeat(128), actor: { id: "\\ud800x" } });
    expect(reverify(stored)).toEqual({ valid: true });
    const counted = await registry.getSingleMetricAsString("coresdk_audit_records_repaired_total");
    expect(counted).toContain('coresdk_audit_records_repaired_total{field="resource.id"} 1');
    expect(counted).toContain('coresdk_audit_records_repaired_total{field="request_id"} 1');
    expect(counted).toContain('coresdk_audit_records_repaired_total{field="timestamp"} 1');
  });

  it("deduplicates by key within a batch and across a resent batch", async () => {
    const t = tenant();
    const once = [emitRequest(t, 1, { dedupKey: "k1" }), emitRequest(t, 2, { dedupKey: "k2" })];
    const twice = [...once, emitRequest(t, 1, { dedupKey: "k1" })];
    const first = await svc.emitBatch({ $typeName: "coresdk.v1.EmitBatchRequest", records: twice });
    const again = await svc.emitBatch({ $typeName: "coresdk.v1.EmitBatchRequest", records: once });
    const seq = (r: (typeof first.results)[number]) =>
      r.result.case === "record" ? r.result.value.sequenceId : undefined;
    expect(first.results.map(seq)).toEqual([1n, 2n, 1n]);
    expect(again.results.map(seq)).toEqual([1n, 2n]);
    expect(await store.range(t, 0, 10)).toHaveLength(2);
  });

  it("hands the batch to the store a slice per turn, in order, so other calls interleave", async () => {
    const t = tenant();
    let turns = 0;
    let inTurn = false;
    const counting: AuditStore = Object.create(store);
    counting.append = (tenantId, build, opts) => {
      if (!inTurn) {
        turns += 1;
        inTurn = true;
        queueMicrotask(() => {
          inTurn = false;
        });
      }
      return store.append(tenantId, build, opts);
    };
    const counted = createAuditService(counting);
    const records = Array.from({ length: 2 * EMIT_SLICE + 1 }, (_, i) => emitRequest(t, i + 1));
    await counted.emitBatch({ $typeName: "coresdk.v1.EmitBatchRequest", records });
    expect(turns).toBe(3);
    const stored = await store.range(t, 0, 100);
    expect(stored.map((r) => r.request_id)).toEqual(records.map((r) => r.requestId));
    expect(reverify(stored)).toEqual({ valid: true });
  });

  it.each([0, 513])("refuses a batch of %i records as a whole", async (count) => {
    const records = Array.from({ length: count }, (_, i) => emitRequest(tenant(), i + 1));
    const error = await svc
      .emitBatch({ $typeName: "coresdk.v1.EmitBatchRequest", records })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SidecarError);
    expect((error as SidecarError).errorCode).toBe("validation_failed");
  });
});
