// One conformance suite for the AuditStore port (DESIGN.md §3, §7), run against every adapter:
// SqlAuditStore on the embedded PostgreSQL (a fresh database, the sidecar's schema) and on the
// shared PostgreSQL, MongoAuditStore on FerretDB. Runs use their own tenant ids (SQL) or database (Mongo) and clean up after themselves.
import { randomUUID } from "node:crypto";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgClient } from "../../lib/sql/adapters/pg-client.js";
import type { SqlClient } from "../../lib/sql/index.js";
import { MongoAuditStore } from "../../sidecar/audit/adapters/mongo-audit-store.js";
import { SqlAuditStore } from "../../sidecar/audit/adapters/sql-audit-store.js";
import type { AuditQuery } from "../../sidecar/audit/audit-store.js";
import { type AuditEntry, type ChainHead, sealRecord } from "../../sidecar/audit/chain.js";
import { verifyChain } from "../../sidecar/audit/verify-chain.js";
import { serviceUrl } from "../helpers/services.js";
import { freshDatabase } from "../helpers/sql-database.js";
import {
  type AuditHarness,
  appendEntry,
  at,
  entry,
  type Tamper,
} from "../sidecar/audit/fixtures.js";
import { reverify } from "../sidecar/audit/independent-verifier.js";
import { auditServiceChecks } from "../sidecar/audit/service-conformance.js";

type Damage = [string, (h: AuditHarness, t: string) => Promise<void>, number];
const DAMAGE: Damage[] = [
  ["an edited field", (h, t) => h.tamper(t, 4, { action: "entities.delete" }), 4],
  ["an edited record_hash", (h, t) => h.tamper(t, 4, { record_hash: "f".repeat(64) }), 4],
  ["unparseable metadata", (h, t) => h.tamper(t, 5, { metadata_text: "{oops" }), 5],
  ["a deleted record (gap)", (h, t) => h.remove(t, 3), 3],
  ["a deleted last-but-one record", (h, t) => h.remove(t, 6), 6],
];

function auditStoreSuite(label: string, open: (prefix: string) => Promise<AuditHarness>) {
  describe(label, () => {
    let h: AuditHarness;
    const prefix = `conf-${randomUUID().slice(0, 8)}-`;
    let n = 0;
    const tenant = () => `${prefix}${n++}`;
    const fill = async (t: string, count: number) => {
      for (let i = 1; i <= count; i++) await appendEntry(h.store, t, entry(i));
    };

    beforeAll(async () => {
      h = await open(prefix);
    });
    afterAll(async () => {
      await h?.close();
    });

    it("answers ping", async () => {
      await expect(h.store.ping()).resolves.toBeUndefined();
    });

    it("appends 1..n per tenant, each linked to the previous, read back exactly", async () => {
      const [a, b] = [tenant(), tenant()];
      const returned = [];
      for (let i = 1; i <= 5; i++) returned.push((await appendEntry(h.store, a, entry(i))).record);
      expect((await appendEntry(h.store, b, entry(1))).record.sequence_id).toBe(1);
      expect(returned.map((r) => r.sequence_id)).toEqual([1, 2, 3, 4, 5]);
      expect(await h.store.range(a, 0, 100)).toEqual(returned);
      expect(reverify(returned)).toEqual({ valid: true });
    });

    it("keeps metadata exactly: dotted and $ keys, NUL, Unicode, numbers", async () => {
      const t = tenant();
      const metadata = {
        "a.b": 1,
        $x: "\u0000",
        "€": [0.1, 1e21, -5],
        nested: { z: null, é: true },
      };
      await appendEntry(h.store, t, entry(1, { metadata }));
      const stored = await h.store.range(t, 0, 1);
      expect(stored[0]?.metadata).toEqual(metadata);
      expect(reverify(stored)).toEqual({ valid: true });
    });

    it("returns the stored record for a repeated dedup key instead of appending twice", async () => {
      const [t, other] = [tenant(), tenant()];
      const first = await appendEntry(h.store, t, entry(1), "k1");
      const again = await appendEntry(h.store, t, entry(2), "k1");
      const racing = await Promise.all(
        Array.from({ length: 10 }, (_, i) => appendEntry(h.store, t, entry(i), "k2")),
      );
      expect(first.deduplicated).toBe(false);
      expect(again).toEqual({ record: first.record, deduplicated: true });
      expect(new Set(racing.map((r) => r.record.sequence_id))).toEqual(new Set([2]));
      expect((await appendEntry(h.store, other, entry(3), "k1")).record.sequence_id).toBe(1);
      expect((await h.store.range(t, 0, 100)).length).toBe(2);
    });

    it("filters by action and time range and pages by sequence", async () => {
      const t = tenant();
      await fill(t, 10);
      const seqs = async (q: Partial<AuditQuery>) =>
        (await h.store.query({ tenantId: t, afterSequence: 0, limit: 100, ...q })).map(
          (r) => r.sequence_id,
        );
      expect(await seqs({ action: "entities.create" })).toEqual([2, 4, 6, 8, 10]);
      expect(await seqs({ from: at(3), to: at(6) })).toEqual([3, 4, 5]);
      expect(await seqs({ from: at(3), to: at(9), action: "entities.update" })).toEqual([3, 5, 7]);
      expect(await seqs({ limit: 3 })).toEqual([1, 2, 3]);
      expect(await seqs({ afterSequence: 7 })).toEqual([8, 9, 10]);
      expect(await seqs({ tenantId: tenant() })).toEqual([]);
    });

    it("refuses a builder that does not build the next link, leaving the chain untouched", async () => {
      const t = tenant();
      await fill(t, 2);
      const skip = (head: ChainHead) =>
        sealRecord(t, entry(9), { ...head, sequence_id: head.sequence_id + 5 });
      await expect(h.store.append(t, skip)).rejects.toThrow();
      expect(await verifyChain(h.store, t)).toEqual({ valid: true, checked: 2 });
    });

    it("verifies an empty chain and a valid one, in batches", async () => {
      const t = tenant();
      expect(await verifyChain(h.store, t)).toEqual({ valid: true, checked: 0 });
      await fill(t, 7);
      expect(await verifyChain(h.store, t, 3)).toEqual({ valid: true, checked: 7 });
    });

    it.each(DAMAGE)("names the sequence of %s", async (_what, damage, bad) => {
      const t = tenant();
      await fill(t, 7);
      await damage(h, t);
      const verdict = await verifyChain(h.store, t, 2);
      expect(verdict).toMatchObject({ valid: false, firstInvalidSequence: bad });
      expect(reverify(await h.store.range(t, 0, 100))).toEqual({ valid: false, firstInvalid: bad });
    });

    it("names the next record when a forger rewrites a record together with its hash", async () => {
      const t = tenant();
      await fill(t, 5);
      const [victim] = await h.store.range(t, 2, 1);
      const head = { sequence_id: 2, record_hash: victim?.previous_hash ?? "" };
      const forged = sealRecord(t, { ...(victim as AuditEntry), action: "entities.delete" }, head);
      await h.tamper(t, 3, { action: "entities.delete", record_hash: forged.record_hash });
      expect(await verifyChain(h.store, t)).toMatchObject({
        valid: false,
        firstInvalidSequence: 4,
      });
    });

    it("keeps 1..200 with no gap or fork under 200 concurrent appends", async () => {
      const t = tenant();
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => appendEntry(h.store, t, entry(i))),
      );
      const seqs = results.map((r) => r.record.sequence_id).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(reverify(await h.store.range(t, 0, 500))).toEqual({ valid: true });
      expect(await verifyChain(h.store, t)).toEqual({ valid: true, checked: 200 });
    });

    it("keeps one chain when two store instances (as two processes) append at once", async () => {
      const [t, other] = [tenant(), await h.twin()];
      await fill(t, 3);
      for (let i = 4; i <= 6; i++) await appendEntry(other, t, entry(i)); // h.store's head is stale
      expect((await appendEntry(h.store, t, entry(7))).record.sequence_id).toBe(7);
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => [
          appendEntry(h.store, t, entry(i)),
          appendEntry(other, t, entry(i), i % 10 ? undefined : `both-${i}`),
          appendEntry(h.store, t, entry(i), i % 10 ? undefined : `both-${i}`),
        ]).flat(),
      );
      expect(await verifyChain(h.store, t)).toEqual({
        valid: true,
        checked: 7 + 100 + 90 + 90 + 10,
      });
      expect(reverify(await h.store.range(t, 0, 500))).toEqual({ valid: true });
    });

    // Each store keeps the head it last wrote and appends on it in one statement; every turn of
    // the other store makes that head stale (the insert must be refused, then redone on the
    // real head), and a dedup key written by one store must be found through the other, whether
    // that one's head is stale or current.
    it("keeps one gap-free chain when two stores take turns, and dedup keys hold across them", async () => {
      const [t, other] = [tenant(), await h.twin()];
      const stores = [h.store, other];
      const first = [];
      for (let i = 0; i < 8; i++) {
        const store = stores[i % 2] as typeof other;
        first.push((await appendEntry(store, t, entry(i), `turn-${i}`)).record);
        await appendEntry(store, t, entry(i + 100)); // on the head this store just wrote
      }
      for (let i = 0; i < 8; i++) {
        const writer = stores[i % 2] as typeof other;
        const reader = stores[(i + 1) % 2] as typeof other;
        await appendEntry(reader, t, entry(i + 200)); // now the reader's head is current
        const repeats = [reader, writer].map((s) => appendEntry(s, t, entry(i + 300), `turn-${i}`));
        for (const repeat of await Promise.all(repeats))
          expect(repeat).toEqual({ record: first[i], deduplicated: true });
      }
      const chain = await h.store.range(t, 0, 100);
      expect(chain.map((r) => r.sequence_id)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
      expect(reverify(chain)).toEqual({ valid: true });
      expect(await verifyChain(other, t)).toEqual({ valid: true, checked: 24 });
    });

    // Appends of many tenants ready at once may share one statement; one tenant's stale head or
    // repeated key must cost only that tenant a retry, never its neighbours' records.
    it("keeps every chain right when many tenants append at once and some heads or keys are stale", async () => {
      const [ts, other] = [Array.from({ length: 12 }, tenant), await h.twin()];
      for (const t of ts) await appendEntry(h.store, t, entry(0), `${t}-first`);
      for (const t of ts.slice(0, 4)) await appendEntry(other, t, entry(1)); // stale heads
      const burst = ts.flatMap((t, i) =>
        Array.from({ length: 4 }, (_, j) =>
          appendEntry(h.store, t, entry(j + 2), j === 1 && i % 3 === 0 ? `${t}-first` : undefined),
        ),
      );
      const results = await Promise.all(burst);
      for (const [i, t] of ts.entries()) {
        const mine = results.slice(i * 4, i * 4 + 4);
        const repeated = i % 3 === 0;
        expect(mine.filter((r) => r.deduplicated).map((r) => r.record.sequence_id)).toEqual(
          repeated ? [1] : [],
        );
        const length = 1 + (i < 4 ? 1 : 0) + (repeated ? 3 : 4);
        expect(await verifyChain(h.store, t)).toEqual({ valid: true, checked: length });
      }
    });

    auditServiceChecks(() => h, tenant);
  });
}

const SQL_COLUMNS: Record<keyof Tamper, string> = {
  action: "action",
  record_hash: "record_hash",
  metadata_text: "metadata",
};

function sqlHarness(
  sql: SqlClient,
  store: SqlAuditStore,
  twin: () => Promise<SqlAuditStore>,
  close: () => Promise<void>,
): AuditHarness {
  const where = "WHERE tenant_id = $1 AND sequence_id = $2";
  return {
    store,
    twin,
    async tamper(tenantId, sequence, patch) {
      for (const [field, value] of Object.entries(patch)) {
        const column = SQL_COLUMNS[field as keyof Tamper];
        await sql.query(`UPDATE sidecar_audit_records SET ${column} = $3 ${where}`, [
          tenantId,
          sequence,
          value,
        ]);
      }
    },
    async remove(tenantId, sequence) {
      await sql.query(`DELETE FROM sidecar_audit_records ${where}`, [tenantId, sequence]);
    },
    close,
  };
}

auditStoreSuite("SqlAuditStore on the embedded PostgreSQL", async () => {
  const url = await freshDatabase();
  const open = () => openPgClient(url, { schema: "sidecar", max: 5 });
  const [sql, other] = await Promise.all([open(), open()]);
  // Two opens at once: the migration runs under a lock and is idempotent.
  const [store] = await Promise.all([SqlAuditStore.open(sql), SqlAuditStore.open(other)]);
  return sqlHarness(
    sql,
    store,
    () => SqlAuditStore.open(other),
    () => Promise.all([sql.close(), other.close()]).then(() => undefined),
  );
});

const pgUrl = serviceUrl("CPOD_POSTGRES_URL");
describe.skipIf(!pgUrl)("real PostgreSQL (CPOD_POSTGRES_URL)", () => {
  auditStoreSuite("SqlAuditStore on PostgreSQL", async (prefix) => {
    const url = serviceUrl("CPOD_POSTGRES_URL") as string;
    const [sql, other] = await Promise.all([openPgClient(url), openPgClient(url)]);
    const store = await SqlAuditStore.open(sql);
    return sqlHarness(
      sql,
      store,
      () => SqlAuditStore.open(other),
      async () => {
        await sql.query("DELETE FROM sidecar_audit_records WHERE starts_with(tenant_id, $1)", [
          prefix,
        ]);
        await Promise.all([sql.close(), other.close()]);
      },
    );
  });
});

const MONGO_FIELDS: Record<keyof Tamper, string> = {
  action: "action",
  record_hash: "record_hash",
  metadata_text: "metadata_json",
};

const mongoUrl = serviceUrl("CPOD_MONGO_URL");
describe.skipIf(!mongoUrl)("FerretDB (CPOD_MONGO_URL)", () => {
  auditStoreSuite("MongoAuditStore on FerretDB", async (prefix) => {
    const url = serviceUrl("CPOD_MONGO_URL") as string;
    const dbName = `cpod_${prefix.replaceAll("-", "_")}audit`;
    const store = await MongoAuditStore.open(url, dbName);
    const twins: MongoAuditStore[] = [];
    const raw = await new MongoClient(url).connect();
    const records = raw.db(dbName).collection("audit_records");
    return {
      store,
      async twin() {
        twins.push(await MongoAuditStore.open(url, dbName));
        return twins.at(-1) as MongoAuditStore;
      },
      async tamper(tenant_id, sequence_id, patch) {
        const set = Object.fromEntries(
          Object.entries(patch).map(([k, v]) => [MONGO_FIELDS[k as keyof Tamper], v]),
        );
        await records.updateOne({ tenant_id, sequence_id }, { $set: set });
      },
      async remove(tenant_id, sequence_id) {
        await records.deleteOne({ tenant_id, sequence_id });
      },
      async close() {
        await Promise.all([store, ...twins].map((s) => s.close()));
        await raw.db(dbName).dropDatabase();
        await raw.close();
      },
    };
  });
});
