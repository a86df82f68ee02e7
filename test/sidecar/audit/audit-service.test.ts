// AuditService tested directly (frozen clock, embedded store) and through an in-memory Connect
// router with the production interceptors, where records are re-verified from their wire JSON.
import { create, type JsonObject, toJson } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuditRecordSchema,
  AuditService,
  QueryRequestSchema,
  VerifyRequestSchema,
} from "../../../gen/proto/coresdk/v1/audit_pb.js";
import type { SqlClient } from "../../../lib/sql/index.js";
import { SqlAuditStore } from "../../../sidecar/audit/adapters/sql-audit-store.js";
import { type AuditServiceImpl, createAuditService } from "../../../sidecar/audit/audit-service.js";
import type { AuditStore } from "../../../sidecar/audit/audit-store.js";
import { ERROR_CODE_HEADER, SidecarError } from "../../../sidecar/errors/sidecar-error.js";
import { errorInterceptor, validationInterceptor } from "../../../sidecar/server/interceptors.js";
import { openFreshDatabase } from "../../helpers/sql-database.js";
import { emitRequest } from "./fixtures.js";
import { reverify } from "./independent-verifier.js";

const NOW = new Date("2025-03-01T08:30:00.250Z");

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof SidecarError) return error.errorCode;
  return error instanceof ConnectError
    ? (error.metadata.get(ERROR_CODE_HEADER) ?? "none")
    : "no error";
}

describe("AuditService", () => {
  let sql: SqlClient;
  let store: AuditStore;
  let svc: AuditServiceImpl;
  let n = 0;
  const tenant = () => `svc-${n++}`;
  const mask = (m: JsonObject): JsonObject => ({
    ...m,
    ...(m.email ? { email: "[REDACTED:email]" } : {}),
  });

  beforeAll(async () => {
    sql = await openFreshDatabase();
    store = await SqlAuditStore.open(sql);
    svc = createAuditService(store, { now: () => NOW, mask, cursorKey: "k" });
  });
  afterAll(async () => {
    await sql?.close();
  });

  describe("called directly", () => {
    it("stamps the frozen clock when no timestamp is given, and normalizes given ones", async () => {
      const t = tenant();
      const now = await svc.emit(emitRequest(t, 1, { timestamp: undefined }));
      const given = await svc.emit(
        emitRequest(t, 2, { timestamp: "2025-01-31T12:00:00.123456789Z" }),
      );
      expect(now.record?.timestamp).toBe("2025-03-01T08:30:00.250Z");
      expect(given.record?.timestamp).toBe("2025-01-31T12:00:00.123Z");
      expect(given.record).toMatchObject({ sequenceId: 2n, previousHash: now.record?.recordHash });
    });

    it("masks metadata before hashing, so the chain never holds the raw value", async () => {
      const t = tenant();
      const { record } = await svc.emit(
        emitRequest(t, 1, { metadata: { email: "bob@example.com" } }),
      );
      expect(record?.metadata).toEqual({ email: "[REDACTED:email]" });
      const stored = await store.range(t, 0, 1);
      expect(stored[0]?.metadata).toEqual({ email: "[REDACTED:email]" });
      expect(reverify(stored)).toEqual({ valid: true });
    });

    it.each([
      ["an impossible date", { timestamp: "2025-02-30T00:00:00Z" }],
      ["NaN in metadata", { metadata: { x: Number.NaN } }],
      ["NUL in the action", { action: "a\u0000b" }],
      ["no actor", { actor: undefined }],
    ])("refuses %s with validation_failed and appends nothing", async (_what, over) => {
      const t = tenant();
      expect(await codeOf(svc.emit(emitRequest(t, 1, over)))).toBe("validation_failed");
      expect(await store.range(t, 0, 10)).toEqual([]);
    });

    it("pages with the default limit of 50 and refuses limits outside 1..500", async () => {
      const t = tenant();
      for (let i = 1; i <= 51; i++) await svc.emit(emitRequest(t, i));
      const first = await svc.query(create(QueryRequestSchema, { tenantId: t }));
      const rest = await svc.query(
        create(QueryRequestSchema, { tenantId: t, cursor: first.nextCursor }),
      );
      expect([first.records.length, rest.records.length, rest.nextCursor]).toEqual([
        50,
        1,
        undefined,
      ]);
      for (const limit of [0, 501]) {
        const query = svc.query(create(QueryRequestSchema, { tenantId: t, limit }));
        expect(await codeOf(query)).toBe("validation_failed");
      }
    });

    it("answers unavailable when the store fails, without leaking its error", async () => {
      const down = new Error("ECONNREFUSED 10.0.0.7:27017");
      const broken = {
        ...store,
        append: () => Promise.reject(down),
        range: () => Promise.reject(down),
      };
      const failing = createAuditService(broken as AuditStore);
      expect(await codeOf(failing.emit(emitRequest("x", 1)))).toBe("unavailable");
      const verdict = failing.verify(create(VerifyRequestSchema, { tenantId: "x" }));
      await expect(verdict).rejects.toThrow(/audit store is unavailable/);
    });
  });

  describe("through an in-memory Connect router", () => {
    const client = () =>
      createClient(
        AuditService,
        createRouterTransport((router) => router.service(AuditService, svc), {
          router: { interceptors: [errorInterceptor(() => undefined), validationInterceptor()] },
        }),
      );

    it("emits, queries and verifies; the wire JSON re-verifies with an independent tool", async () => {
      const [c, t] = [client(), tenant()];
      await c.emit(emitRequest(t, 1, { metadata: undefined }));
      await c.emit(emitRequest(t, 2, { actor: { type: "app", id: "app_1" } }));
      const { records } = await c.query({ tenantId: t });
      const wire = records.map((r) => toJson(AuditRecordSchema, r, { useProtoFieldName: true }));
      expect(wire[0]).toMatchObject({ sequence_id: "1", previous_hash: "0".repeat(64) });
      expect(reverify(wire as Record<string, unknown>[])).toEqual({ valid: true });
      expect(await c.verify({ tenantId: t })).toMatchObject({ valid: true, checked: 2n });
    });

    it.each([
      [
        "a forged cursor",
        (c: ReturnType<typeof client>) => c.query({ tenantId: "a", cursor: "e30.AAAA" }),
        "invalid_cursor",
      ],
      [
        "a bad outcome",
        (c: ReturnType<typeof client>) => c.emit(emitRequest("a", 1, { outcome: "maybe" })),
        "validation_failed",
      ],
      [
        "a bad tenant id",
        (c: ReturnType<typeof client>) => c.verify({ tenantId: "a/b" }),
        "validation_failed",
      ],
    ])("maps %s to InvalidArgument with its cPod code", async (_what, call, code) => {
      const error = await call(client()).then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
      expect(error?.code).toBe(Code.InvalidArgument);
      expect(error?.metadata.get(ERROR_CODE_HEADER)).toBe(code);
    });
  });
});
