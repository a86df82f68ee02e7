import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgClient } from "../../../lib/sql/adapters/pg-client.js";
import { SqlAuditStore } from "../../../sidecar/audit/adapters/sql-audit-store.js";
import type { AuditStore } from "../../../sidecar/audit/audit-store.js";
import { type ChainHead, sealRecord } from "../../../sidecar/audit/chain.js";
import { verifyChain } from "../../../sidecar/audit/verify-chain.js";
import { freshDatabase } from "../../helpers/sql-database.js";
import { entry } from "./fixtures.js";

/** A store plus a second one on the same database (another sidecar process). */
interface Pair {
  store: AuditStore;
  twin: AuditStore;
  close(): Promise<void>;
}

const build = (i: number, tenant: string) => (head: ChainHead) =>
  sealRecord(tenant, entry(i), head);

// Appends of one tenant that wait behind a running write are written together in the next one
// (group commit). These cases pin what each caller still gets on its own, on every adapter.
function groupCommitSuite(label: string, open: () => Promise<Pair>) {
  describe(`${label}: group commit`, () => {
    let pair: Pair;
    beforeAll(async () => {
      pair = await open();
    });
    afterAll(() => pair.close());

    it("links concurrent appends in arrival order, gap-free, and the chain verifies", async () => {
      const results = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          pair.store.append("t1", build(i, "t1"), { dedupKey: `k${i}` }),
        ),
      );
      const seq = results.map((r) => r.record.sequence_id);
      expect(seq).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
      const ids = results.map((r) => r.record.request_id);
      expect(ids).toEqual(Array.from({ length: 300 }, (_, i) => `req-${i}`));
      expect(await verifyChain(pair.store, "t1")).toMatchObject({ valid: true, checked: 300 });
    });

    it("answers a dedup key repeated inside one batch with the first record", async () => {
      void pair.store.append("t2", build(0, "t2")); // keeps the next ones waiting: one batch
      const [first, again, other] = await Promise.all([
        pair.store.append("t2", build(1, "t2"), { dedupKey: "same" }),
        pair.store.append("t2", build(2, "t2"), { dedupKey: "same" }),
        pair.store.append("t2", build(3, "t2"), { dedupKey: "other" }),
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
        pair.store.append("t3", build(1, "t3")),
        pair.store.append("t3", broken),
        pair.store.append("t3", build(3, "t3")),
      ]);
      expect(a.status).toBe("fulfilled");
      expect(b).toMatchObject({ status: "rejected", reason: new RangeError("not canonical") });
      expect(c.status === "fulfilled" && c.value.record.sequence_id).toBe(2);
      expect(await verifyChain(pair.store, "t3")).toMatchObject({ valid: true, checked: 2 });
    });

    it("two stores batching into one chain at once never fork or skip it", async () => {
      const burst = (store: AuditStore, side: string) =>
        Array.from({ length: 60 }, (_, i) =>
          store.append("t4", build(i, "t4"), { dedupKey: `${side}-${i}` }),
        );
      const results = await Promise.all([...burst(pair.store, "a"), ...burst(pair.twin, "b")]);
      const seq = results.map((r) => r.record.sequence_id).sort((x, y) => x - y);
      expect(seq).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      expect(await verifyChain(pair.store, "t4")).toMatchObject({ valid: true, checked: 120 });
    });
  });
}

groupCommitSuite("SqlAuditStore on the embedded PostgreSQL", async () => {
  const url = await freshDatabase();
  const [sql, other] = await Promise.all([openPgClient(url), openPgClient(url)]);
  const store = await SqlAuditStore.open(sql);
  // The twin has a pool of its own, as another sidecar process would.
  const twin = await SqlAuditStore.open(other);
  return {
    store,
    twin,
    close: () => Promise.all([sql.close(), other.close()]).then(() => undefined),
  };
});
