// One conformance suite for the SecretStore port, run against every adapter: SqlSecretStore on
// the embedded PostgreSQL and on the shared PostgreSQL from scripts/services.sh. Schema upgrades
// run on a database of their own (a fresh embedded database, a throwaway shared-server schema).
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgClient } from "../../lib/sql/adapters/pg-client.js";
import type { SqlClient } from "../../lib/sql/index.js";
import { applyMigrations, MigrationError } from "../../lib/sql/index.js";
import {
  SECRET_MIGRATIONS,
  SECRET_SCHEMA,
  SqlSecretStore,
} from "../../sidecar/secrets/adapters/sql-secret-store.js";
import type { SealedSecret } from "../../sidecar/secrets/secret-cipher.js";
import type { SecretStore } from "../../sidecar/secrets/secret-store.js";
import { serviceUrl } from "../helpers/services.js";
import { openFreshDatabase } from "../helpers/sql-database.js";

const T0 = new Date("2025-01-02T03:04:05.000Z");
const T1 = new Date("2025-01-02T03:09:05.000Z");

/** A sealed-looking value; the store never interprets it, it must only keep the bytes. */
function sealed(keyId = "0123456789abcdef"): SealedSecret {
  return { keyId, iv: randomBytes(12), tag: randomBytes(16), ciphertext: randomBytes(40) };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** A database of its own for one test, and how to throw it away. */
interface FreshDb {
  sql: SqlClient;
  drop(): Promise<void>;
}

function storeSuite(
  label: string,
  openSql: () => Promise<SqlClient>,
  openFresh: () => Promise<FreshDb>,
) {
  describe(label, () => {
    let sql: SqlClient;
    let store: SecretStore;
    const run = randomUUID().slice(0, 8);
    const tenants: string[] = [];
    /** A tenant id unique to this run, so runs against a shared server never collide. */
    const tenant = () => {
      const id = `conf-${run}-${tenants.length}`;
      tenants.push(id);
      return id;
    };
    const putInput = (tenantId: string, name: string) => ({
      tenantId,
      name,
      sealed: sealed(),
      updatedBy: "app-1",
      at: T0,
    });
    const put = (tenantId: string, name: string, at = T0, by = "app-1") =>
      store.put({ ...putInput(tenantId, name), updatedBy: by, at });

    beforeAll(async () => {
      sql = await openSql();
      // Two opens at once: the migration runs under a lock and is idempotent.
      [store] = await Promise.all([SqlSecretStore.open(sql), SqlSecretStore.open(sql)]);
    });
    afterAll(async () => {
      if (tenants.length > 0) {
        await sql?.query("DELETE FROM sidecar_secrets WHERE tenant_id = ANY($1::text[])", [
          tenants,
        ]);
      }
      await sql?.close();
    });

    it("creates a secret at version 1 and keeps its sealed bytes exactly", async () => {
      const t = tenant();
      const value = sealed("aaaaaaaaaaaaaaaa");
      const meta = await store.put({
        tenantId: t,
        name: "stripe",
        sealed: value,
        updatedBy: "app-1",
        at: T0,
      });
      expect(meta).toEqual({
        name: "stripe",
        version: 1,
        createdAt: T0,
        updatedAt: T0,
        updatedBy: "app-1",
      });
      const got = await store.get(t, "stripe");
      expect(got?.sealed.keyId).toBe("aaaaaaaaaaaaaaaa");
      expect(
        [got?.sealed.iv, got?.sealed.tag, got?.sealed.ciphertext].map((b) => hex(b as Uint8Array)),
      ).toEqual([value.iv, value.tag, value.ciphertext].map(hex));
    });

    it("replaces the value on put, bumping the version and keeping created_at", async () => {
      const t = tenant();
      await put(t, "db", T0, "app-1");
      const next = sealed();
      const meta = await store.put({
        tenantId: t,
        name: "db",
        sealed: next,
        updatedBy: "user-9",
        at: T1,
      });
      expect(meta).toEqual({
        name: "db",
        version: 2,
        createdAt: T0,
        updatedAt: T1,
        updatedBy: "user-9",
      });
      expect(hex((await store.get(t, "db"))?.sealed.ciphertext as Uint8Array)).toBe(
        hex(next.ciphertext),
      );
    });

    it("answers undefined for a missing secret and for another tenant's", async () => {
      const [a, b] = [tenant(), tenant()];
      await put(a, "only-a");
      expect(await store.get(a, "nope")).toBeUndefined();
      expect(await store.get(b, "only-a")).toBeUndefined();
    });

    it("deletes once, and never another tenant's row", async () => {
      const [a, b] = [tenant(), tenant()];
      await put(a, "gone");
      expect(await store.delete(b, "gone")).toBe(false);
      expect(await store.delete(a, "gone")).toBe(true);
      expect(await store.delete(a, "gone")).toBe(false);
      expect(await store.get(a, "gone")).toBeUndefined();
    });

    it("lists metadata only, in bytewise name order, for one tenant", async () => {
      const [a, b] = [tenant(), tenant()];
      for (const name of ["b", "a_b", "Z", "a.b", "a"]) await put(a, name);
      await put(b, "other");
      const page = await store.list(a, { limit: 10 });
      expect(page.items.map((m) => m.name)).toEqual(["Z", "a", "a.b", "a_b", "b"]);
      expect(page.more).toBe(false);
      expect(Object.keys(page.items[0] ?? {}).sort()).toEqual([
        "createdAt",
        "name",
        "updatedAt",
        "updatedBy",
        "version",
      ]);
    });

    it("pages with limit/after and filters by prefix", async () => {
      const t = tenant();
      for (const name of ["svc.a", "svc.b", "svc.c", "other"]) await put(t, name);
      const first = await store.list(t, { prefix: "svc.", limit: 2 });
      expect(first).toMatchObject({ more: true, items: [{ name: "svc.a" }, { name: "svc.b" }] });
      const second = await store.list(t, { prefix: "svc.", after: "svc.b", limit: 2 });
      expect(second.items.map((m) => m.name)).toEqual(["svc.c"]);
      expect(second.more).toBe(false);
      expect((await store.list(t, { prefix: "svc%", limit: 5 })).items).toEqual([]);
    });

    it("stores the description and answers it from put, get and list", async () => {
      const t = tenant();
      const description = "Stripe key for the billing worker — ünïcode ✓";
      const meta = await store.put({ ...putInput(t, "billing"), description });
      expect(meta).toMatchObject({ name: "billing", version: 1, description });
      expect((await store.get(t, "billing"))?.description).toBe(description);
      const page = await store.list(t, { limit: 10 });
      expect(page.items).toEqual([{ ...meta }]);
    });

    it("clears the description on a put without one: a put replaces the whole secret", async () => {
      const t = tenant();
      await store.put({ ...putInput(t, "svc"), description: "first" });
      const again = await store.put({ ...putInput(t, "svc"), description: "second" });
      expect(again).toMatchObject({ version: 2, description: "second" });
      const cleared = await store.put({ ...putInput(t, "svc"), at: T1 });
      expect(cleared).toMatchObject({ version: 3, updatedAt: T1 });
      expect(cleared).not.toHaveProperty("description");
      expect(await store.get(t, "svc")).not.toHaveProperty("description");
      expect((await store.list(t, { limit: 10 })).items[0]).not.toHaveProperty("description");
    });

    it("re-seals only the row that still holds the expected IV, leaving the version alone", async () => {
      const t = tenant();
      const first = sealed("1111111111111111");
      await store.put({ tenantId: t, name: "rot", sealed: first, updatedBy: "app-1", at: T0 });
      const next = sealed("2222222222222222");
      expect(await store.reseal(t, "rot", randomBytes(12), next)).toBe(false);
      expect(await store.reseal(t, "rot", first.iv, next)).toBe(true);
      const got = await store.get(t, "rot");
      expect(got).toMatchObject({
        version: 1,
        updatedAt: T0,
        sealed: { keyId: "2222222222222222" },
      });
      expect(await store.reseal(tenant(), "rot", next.iv, sealed())).toBe(false);
    });

    upgradeSuite(openFresh);
  });
}

/** A row as a sidecar before descriptions wrote it (no description column to name). */
async function insertOldRow(sql: SqlClient, tenantId: string, name: string) {
  const value = sealed();
  await sql.query(
    `INSERT INTO sidecar_secrets (tenant_id, name, key_id, iv, tag, ciphertext, version,
       created_at, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, 4, $7, $8, 'app-0')`,
    [
      tenantId,
      name,
      value.keyId,
      Buffer.from(value.iv),
      Buffer.from(value.tag),
      Buffer.from(value.ciphertext),
      T0,
      T1,
    ],
  );
  return value;
}

function upgradeSuite(openFresh: () => Promise<FreshDb>) {
  /** Runs `fn` on a database of its own, then throws it away. */
  async function onFresh(fn: (sql: SqlClient) => Promise<void>) {
    const db = await openFresh();
    try {
      await fn(db.sql);
    } finally {
      await db.drop();
    }
  }

  /** Opens the current store over old rows: they read as before, with no description. */
  async function expectUpgraded(sql: SqlClient) {
    const old = await insertOldRow(sql, "ten_old", "legacy");
    const store = await SqlSecretStore.open(sql);
    const got = await store.get("ten_old", "legacy");
    expect(got).toMatchObject({ name: "legacy", version: 4, createdAt: T0, updatedAt: T1 });
    expect(got).not.toHaveProperty("description");
    expect(hex(got?.sealed.ciphertext as Uint8Array)).toBe(hex(old.ciphertext));
    expect((await store.list("ten_old", { limit: 5 })).items.map((m) => m.name)).toEqual([
      "legacy",
    ]);
    const next = { tenantId: "ten_old", name: "legacy", sealed: sealed(), updatedBy: "app-1" };
    expect(await store.put({ ...next, at: T1, description: "now described" })).toMatchObject({
      version: 5,
      description: "now described",
    });
    const { rows } = await sql.query<{ version: number }>(
      "SELECT version FROM cpod_schema_history WHERE component = 'sidecar.secrets' ORDER BY version",
    );
    expect(rows.map((r) => Number(r.version))).toEqual(SECRET_MIGRATIONS.map((m) => m.version));
  }

  describe("schema upgrades", () => {
    it("upgrades a database migrated to version 1, keeping its rows", async () => {
      await onFresh(async (sql) => {
        expect(
          await applyMigrations(sql, {
            ...SECRET_SCHEMA,
            migrations: SECRET_MIGRATIONS.slice(0, 1),
          }),
        ).toEqual([1]);
        await expectUpgraded(sql);
        expect(await applyMigrations(sql, SECRET_SCHEMA)).toEqual([]);
      });
    });

    it("adopts a table created before versioned migrations (no history), keeping its rows", async () => {
      await onFresh(async (sql) => {
        for (const statement of SECRET_MIGRATIONS[0]?.statements ?? []) await sql.query(statement);
        await expectUpgraded(sql);
      });
    });

    it("refuses a database newer than this build, and a history that differs from it", async () => {
      await onFresh(async (sql) => {
        await SqlSecretStore.open(sql);
        await sql.query(
          "INSERT INTO cpod_schema_history (component, version, name, checksum) VALUES ('sidecar.secrets', 99, 'future', '')",
        );
        await expect(SqlSecretStore.open(sql)).rejects.toBeInstanceOf(MigrationError);
        await sql.query("DELETE FROM cpod_schema_history WHERE version = 99");
        await sql.query("UPDATE cpod_schema_history SET name = 'renamed' WHERE version = 2");
        await expect(SqlSecretStore.open(sql)).rejects.toThrow(/applied as "renamed"/);
      });
    });
  });
}

storeSuite(
  "SqlSecretStore on the embedded PostgreSQL",
  () => openFreshDatabase({ schema: "sidecar" }),
  async () => {
    const sql = await openFreshDatabase({ schema: "sidecar" });
    return { sql, drop: () => sql.close() };
  },
);

/** A throwaway schema on the shared server, first on the connection's search_path. */
async function freshPgSchema(url: string): Promise<FreshDb> {
  const schema = `conf_secrets_${randomUUID().replaceAll("-", "")}`;
  const admin = await openPgClient(url, { max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const options = encodeURIComponent(`-c search_path=${schema}`);
  const sql = await openPgClient(`${url}${url.includes("?") ? "&" : "?"}options=${options}`, {
    max: 2,
  });
  return {
    sql,
    async drop() {
      await sql.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

const pgUrl = serviceUrl("CPOD_POSTGRES_URL");
describe.skipIf(!pgUrl)("real PostgreSQL (CPOD_POSTGRES_URL)", () => {
  storeSuite(
    "SqlSecretStore on PostgreSQL",
    async () => openPgClient(pgUrl as string),
    () => freshPgSchema(pgUrl as string),
  );
});
