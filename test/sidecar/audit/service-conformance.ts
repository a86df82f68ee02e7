/**
 * AuditService checks run inside the AuditStore conformance suite, so Query's cursor paging and
 * Emit's dedup are proven end to end on every adapter, not only on the embedded one.
 */
import { create } from "@bufbuild/protobuf";
import { ConnectError, type HandlerContext } from "@connectrpc/connect";
import { expect, it } from "vitest";
import { QueryRequestSchema, VerifyRequestSchema } from "../../../gen/proto/coresdk/v1/audit_pb.js";
import { createAuditService } from "../../../sidecar/audit/audit-service.js";
import { ERROR_CODE_HEADER } from "../../../sidecar/errors/sidecar-error.js";
import { type AuditHarness, at, emitRequest } from "./fixtures.js";

/** The service never reads its handler context. */
export const ctx = {} as HandlerContext;

async function errorCode(promise: Promise<unknown>): Promise<string | null | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof ConnectError ? error.metadata.get(ERROR_CODE_HEADER) : undefined;
}

/** Registers the service-level checks; `harness` is read when the tests run. */
export function auditServiceChecks(harness: () => AuditHarness, tenant: () => string): void {
  const service = () => createAuditService(harness().store, { cursorKey: "conformance" });

  it("service: pages through a filtered query with cursors, and only with this query's cursors", async () => {
    const [svc, t] = [service(), tenant()];
    for (let i = 1; i <= 9; i++) await svc.emit(emitRequest(t, i), ctx);
    const filter = { tenantId: t, action: "entities.update", from: at(2) };
    const seen: bigint[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await svc.query(
        create(QueryRequestSchema, { ...filter, limit: 2, cursor }),
        ctx,
      );
      seen.push(...page.records.map((r) => r.sequenceId));
      cursor = page.nextCursor;
      pages++;
      if (cursor) {
        expect(
          await errorCode(
            svc.query(
              create(QueryRequestSchema, { ...filter, action: "entities.create", cursor }),
              ctx,
            ),
          ),
        ).toBe("invalid_cursor");
        expect(
          await errorCode(
            svc.query(create(QueryRequestSchema, { ...filter, cursor: `x${cursor}` }), ctx),
          ),
        ).toBe("invalid_cursor");
      }
    } while (cursor);
    expect(seen).toEqual([3n, 5n, 7n, 9n]);
    expect(pages).toBe(2);
  });

  it("service: Emit with a dedup key answers the stored record; Verify names a tampered one", async () => {
    const [svc, t] = [service(), tenant()];
    const first = await svc.emit(emitRequest(t, 1, { dedupKey: "req-1" }), ctx);
    const retried = await svc.emit(emitRequest(t, 1, { dedupKey: "req-1" }), ctx);
    for (let i = 2; i <= 4; i++) await svc.emit(emitRequest(t, i), ctx);
    expect(retried.record).toEqual(first.record);
    expect(await svc.verify(create(VerifyRequestSchema, { tenantId: t }), ctx)).toMatchObject({
      valid: true,
      checked: 4n,
    });
    await harness().tamper(t, 2, { action: "entities.delete" });
    const verdict = await svc.verify(create(VerifyRequestSchema, { tenantId: t }), ctx);
    expect(verdict).toMatchObject({ valid: false, checked: 2n, firstInvalidSequence: 2n });
  });
}
