// One conformance suite for the DenyListStore port, run against every adapter: in-process, and
// SqlDenyListStore on the embedded PostgreSQL (a fresh database) and on the shared PostgreSQL (a
// throwaway schema, since `since(0)` reads every row). Also the replica on top of the SQL store: durable across a
// restart of the database client, and converging between two replicas within one poll.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openPgClient } from "../../lib/sql/adapters/pg-client.js";
import type { SqlClient } from "../../lib/sql/index.js";
import { MemoryDenyListStore } from "../../sidecar/auth/adapters/memory-deny-list-store.js";
import { SqlDenyListStore } from "../../sidecar/auth/adapters/sql-deny-list-store.js";
import type { DenyEntry, DenyListStore } from "../../sidecar/auth/deny-list.js";
import { DenyListReplica } from "../../sidecar/auth/deny-list-replica.js";
import { serviceUrl } from "../helpers/services.js";
import { freshDatabase } from "../helpers/sql-database.js";

const NOW = Date.UTC(2030, 0, 1);
const HOUR = 3_600_000;

const jti = (subject: string, expiresAt = NOW + HOUR): DenyEntry => ({
  kind: "jti",
  subject,
  tenantId: "tnt_1",
  issuedBefore: 0,
  expiresAt,
});
const app = (subject: string, issuedBefore: number, expiresAt: number): DenyEntry => ({
  kind: "app",
  subject,
  tenantId: "tnt_1",
  issuedBefore,
  expiresAt,
});

/** A database that can be closed and opened again with the same contents. */
interface Reopenable {
  open(): Promise<SqlClient>;
  drop(): Promise<void>;
}

/** A throwaway schema on the shared server, first on the connection's search_path. */
async function pgSchema(url: string): Promise<Reopenable> {
  const schema = `conf_deny_${randomUUID().replaceAll("-", "")}`;
  const admin = await openPgClient(url, { max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const options = encodeURIComponent(`-c search_path=${schema}`);
  const scoped = `${url}${url.includes("?") ? "&" : "?"}options=${options}`;
  return {
    open: async () => openPgClient(scoped, { max: 3 }),
    async drop() {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

/** A fresh database on the run's embedded PostgreSQL, in the sidecar's schema there. */
async function embeddedDatabase(): Promise<Reopenable> {
  const url = await freshDatabase();
  return {
    open: () => openPgClient(url, { schema: "sidecar", max: 3 }),
    drop: async () => undefined, // goes with the run's server
  };
}

function storeSuite(label: string, open: () => Promise<[DenyListStore, () => Promise<void>]>) {
  describe(`DenyListStore conformance: ${label}`, () => {
    let store: DenyListStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      [store, close] = await open();
    }, 60_000);
    afterAll(() => close?.());

    it("records an entry once, with increasing seq, and reads it back exactly", async () => {
      expect(await store.add(jti("a"), NOW)).toBe(true);
      expect(await store.add(jti("a"), NOW)).toBe(false);
      expect(await store.add(app("app_1", 100, NOW + HOUR), NOW)).toBe(true);
      const entries = await store.since(0, 100);
      expect(entries.map(({ seq: _, ...e }) => e)).toEqual([
        jti("a"),
        app("app_1", 100, NOW + HOUR),
      ]);
      const [first, second] = entries;
      expect(second?.seq).toBeGreaterThan(first?.seq ?? Number.POSITIVE_INFINITY);
      expect(await store.since(second?.seq ?? 0, 100)).toEqual([]);
    });

    it("records an entry that covers more than an existing one, not one that covers less", async () => {
      expect(await store.add(jti("b", NOW + 2 * HOUR), NOW)).toBe(true);
      expect(await store.add(jti("b", NOW + HOUR), NOW)).toBe(false);
      expect(await store.add(app("app_2", 100, NOW + HOUR), NOW)).toBe(true);
      expect(await store.add(app("app_2", 50, NOW + HOUR), NOW)).toBe(false);
      expect(await store.add(app("app_2", 200, NOW + 2 * HOUR), NOW)).toBe(true);
      // An expired entry covers nothing.
      expect(await store.add(jti("c", NOW - 1), NOW - 10)).toBe(true);
      expect(await store.add(jti("c", NOW - 1), NOW)).toBe(true);
    });

    it("pages with since(after, limit) in seq order", async () => {
      const all = await store.since(0, 1000);
      const firstTwo = await store.since(0, 2);
      expect(firstTwo).toEqual(all.slice(0, 2));
      expect(await store.since(firstTwo[1]?.seq ?? 0, 1000)).toEqual(all.slice(2));
    });

    it("gives concurrent writers distinct seqs and loses none", async () => {
      const [last] = (await store.since(0, 1000)).slice(-1);
      const subjects = Array.from({ length: 12 }, (_, i) => `concurrent-${i}`);
      await Promise.all(subjects.map((s) => store.add(jti(s), NOW)));
      const added = await store.since(last?.seq ?? 0, 1000);
      expect(added.map((e) => e.subject).sort()).toEqual([...subjects].sort());
      expect(new Set(added.map((e) => e.seq)).size).toBe(subjects.length);
    });

    it("sweeps only entries that expired before the given time", async () => {
      await store.add(jti("old", NOW - HOUR), NOW - 2 * HOUR);
      const swept = await store.sweep(NOW);
      expect(swept).toBeGreaterThanOrEqual(1);
      const left = await store.since(0, 1000);
      expect(left.some((e) => e.subject === "old")).toBe(false);
      expect(left.every((e) => e.expiresAt >= NOW)).toBe(true);
      expect(left.some((e) => e.subject === "a")).toBe(true);
    });
  });
}

storeSuite("memory", async () => [new MemoryDenyListStore(), async () => {}]);
storeSuite("SqlDenyListStore on the embedded PostgreSQL", async () => {
  const sql = await (await embeddedDatabase()).open();
  return [await SqlDenyListStore.open(sql), () => sql.close()];
});

const pgUrl = serviceUrl("CPOD_POSTGRES_URL");
describe.skipIf(!pgUrl)("real PostgreSQL (CPOD_POSTGRES_URL)", () => {
  storeSuite("SqlDenyListStore on PostgreSQL", async () => {
    const db = await pgSchema(pgUrl as string);
    const sql = await db.open();
    return [
      await SqlDenyListStore.open(sql),
      async () => {
        await sql.close();
        await db.drop();
      },
    ];
  });
});

/** Replicas over the SQL store, on each engine the sidecar can run on. */
const engines: { name: string; skip: boolean; db: () => Promise<Reopenable> }[] = [
  { name: "the embedded PostgreSQL", skip: false, db: embeddedDatabase },
  { name: "PostgreSQL", skip: !pgUrl, db: () => pgSchema(pgUrl as string) },
];

describe.each(engines)("deny-list replicas on $name", ({ skip, db: makeDb }) => {
  const exp = () => Math.floor(Date.now() / 1000) + 3600;
  const replica = async (sql: SqlClient, pollMs = 1_000) => {
    const r = new DenyListReplica({
      store: await SqlDenyListStore.open(sql),
      failMode: "closed",
      pollMs,
    });
    await r.start();
    return r;
  };
  let db: Reopenable;
  beforeAll(async () => {
    if (!skip) db = await makeDb();
  });
  afterAll(() => db?.drop());

  it.skipIf(skip)(
    "a fresh replica on a reopened database still denies what was revoked",
    async () => {
      const first = await db.open();
      const writer = await replica(first);
      await writer.revoke({ jti: "durable-jti", tenantId: "tnt_1", exp: exp() });
      const issuedBefore = Math.floor(Date.now() / 1000);
      await writer.revokeApp({
        appId: "app_gone",
        tenantId: "tnt_1",
        issuedBefore,
        expiresAt: exp(),
      });
      await writer.stop();
      await first.close();

      const second = await db.open();
      const reader = await replica(second);
      try {
        expect(reader.isDenied({ jti: "durable-jti", appId: "app_x", iat: issuedBefore })).toBe(
          true,
        );
        expect(reader.isDenied({ jti: "other", appId: "app_gone", iat: issuedBefore })).toBe(true);
        expect(reader.isDenied({ jti: "other", appId: "app_gone", iat: issuedBefore + 1 })).toBe(
          false,
        );
      } finally {
        await reader.stop();
        await second.close();
      }
    },
    60_000,
  );

  it.skipIf(skip)(
    "a second replica denies a revocation made on the first within a poll",
    async () => {
      const sql = await db.open();
      const [a, b] = [await replica(sql, 50), await replica(sql, 50)];
      try {
        const token = { jti: `conv-${randomUUID()}`, appId: "app_y", iat: 1 };
        expect(b.isDenied(token)).toBe(false);
        await a.revoke({ jti: token.jti, tenantId: "tnt_1", exp: exp() });
        expect(a.isDenied(token)).toBe(true); // the writer denies at once
        await vi.waitFor(() => expect(b.isDenied(token)).toBe(true), {
          timeout: 2_000,
          interval: 20,
        });
      } finally {
        await a.stop();
        await b.stop();
        await sql.close();
      }
    },
    60_000,
  );
});
