// AuditService.EmitBatch called directly on the embedded store: one result per record, in
// order, each judged on its own, written together, deduplicated like Emit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../../gen/proto/coresdk/v1/errors_pb.js";
import { SqlAuditStore } from "../../../sidecar/audit/adapters/sql-audit-store.js";
import {
  type AuditServiceImpl,
  createAuditService,
  EMIT_SLICE,
} from "../../../sidecar/audit/audit-service.js";
import type { AuditStore } from "../../../sidecar/audit/audit-store.js";
import { SidecarError } from "../../../sidecar/errors/sidecar-error.js";
import { openPgliteClient } from "../../../sidecar/storage/adapters/pglite-client.js";
import type { SqlClient } from "../../../sidecar/storage/sql.js";
import { emitRequest } from "./fixtures.js";
import { reverify } from "./independent-verifier.js";

describe("AuditService.EmitBatch", () => {
  let sql: SqlClient;
  let store: AuditStore;
  let svc: AuditServiceImpl;
  let n = 0;
  const tenant = () => `batch-${n++}`;

  beforeAll(async () => {
    sql = await openPgliteClient();
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

  it("answers a record that breaks a rule on its own; its neighbours are stored", async () => {
    const t = tenant();
    const records = [
      emitRequest(t, 1),
      emitRequest(t, 2, { requestId: "" }), // request_id: string.min_len
      emitRequest(t, 3, { status: 42 }), // status: int32.gte
      emitRequest(t, 4),
    ];
    const { results } = await svc.emitBatch({ $typeName: "coresdk.v1.EmitBatchRequest", records });
    expect(results.map((r) => r.result.case)).toEqual(["record", "failure", "failure", "record"]);
    const failure = results[1]?.result.value;
    expect(failure).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    expect(results[2]?.result.value).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    expect(JSON.stringify(failure)).toContain("request_id");
    const stored = await store.range(t, 0, 10);
    expect(stored.map((r) => [r.sequence_id, r.request_id])).toEqual([
      [1, "req-1"],
      [2, "req-4"],
    ]);
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
