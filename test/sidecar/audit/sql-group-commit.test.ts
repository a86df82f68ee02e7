import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqlAuditStore } from "../../../sidecar/audit/adapters/sql-audit-store.js";
import { type ChainHead, sealRecord } from "../../../sidecar/audit/chain.js";
import { verifyChain } from "../../../sidecar/audit/verify-chain.js";
import { openPgliteClient } from "../../../sidecar/storage/adapters/pglite-client.js";
import type { SqlClient } from "../../../sidecar/storage/sql.js";
import { entry } from "./fixtures.js";

// Appends of one tenant that wait behind a running transaction are written together in the
// next one (group commit). These cases pin what each caller still gets on its own.
describe("SqlAuditStore group commit", () => {
  let sql: SqlClient;
  let store: SqlAuditStore;
  beforeAll(async () => {
    sql = await openPgliteClient();
    store = await SqlAuditStore.open(sql);
  });
  afterAll(() => sql.close());

  const build =
    (i: number, tenant = "t1") =>
    (head: ChainHead) =>
      sealRecord(tenant, entry(i), head);

  it("links concurrent appends in arrival order, gap-free, and the chain verifies", async () => {
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => store.append("t1", build(i), { dedupKey: `k${i}` })),
    );
    expect(results.map((r) => r.record.sequence_id)).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    expect(results.map((r) => r.record.request_id)).toEqual(
      Array.from({ length: 300 }, (_, i) => `req-${i}`),
    );
    expect(await verifyChain(store, "t1")).toMatchObject({ valid: true, checked: 300 });
  });

  it("answers a dedup key repeated inside one batch with the first record", async () => {
    void store.append("t2", build(0, "t2")); // keeps the next ones waiting, so they batch
    const [first, again, other] = await Promise.all([
      store.append("t2", build(1, "t2"), { dedupKey: "same" }),
      store.append("t2", build(2, "t2"), { dedupKey: "same" }),
      store.append("t2", build(3, "t2"), { dedupKey: "other" }),
    ]);
    expect(first.deduplicated).toBe(false);
    expect(again).toEqual({ record: first.record, deduplicated: true });
    expect(other.record.sequence_id).toBe(first.record.sequence_id + 1);
  });

  it("fails only the append whose builder throws; its neighbours are linked past it", async () => {
    const broken = () => {
      throw new RangeError("not canonical");
    };
    const [a, b, c] = await Promise.allSettled([
      store.append("t3", build(1, "t3")),
      store.append("t3", broken),
      store.append("t3", build(3, "t3")),
    ]);
    expect(a.status).toBe("fulfilled");
    expect(b).toMatchObject({ status: "rejected", reason: new RangeError("not canonical") });
    expect(c.status === "fulfilled" && c.value.record.sequence_id).toBe(2);
    expect(await verifyChain(store, "t3")).toMatchObject({ valid: true, checked: 2 });
  });
});
