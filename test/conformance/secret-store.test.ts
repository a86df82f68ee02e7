// One conformance suite for the SecretStore port, run against every adapter: SqlSecretStore on
// PGlite (embedded, in memory) and on the real PostgreSQL from scripts/services.sh.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqlSecretStore } from "../../sidecar/secrets/adapters/sql-secret-store.js";
import type { SealedSecret } from "../../sidecar/secrets/secret-cipher.js";
import type { SecretStore } from "../../sidecar/secrets/secret-store.js";
import { openPgClient } from "../../sidecar/storage/adapters/pg-client.js";
import { openPgliteClient } from "../../sidecar/storage/adapters/pglite-client.js";
import type { SqlClient } from "../../sidecar/storage/sql.js";
import { serviceUrl } from "../helpers/services.js";

const T0 = new Date("2025-01-02T03:04:05.000Z");
const T1 = new Date("2025-01-02T03:09:05.000Z");

/** A sealed-looking value; the store never interprets it, it must only keep the bytes. */
function sealed(keyId = "0123456789abcdef"): SealedSecret {
  return { keyId, iv: randomBytes(12), tag: randomBytes(16), ciphertext: randomBytes(40) };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

function storeSuite(label: string, openSql: () => Promise<SqlClient>) {
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
    const put = (tenantId: string, name: string, at = T0, by = "app-1") =>
      store.put({ tenantId, name, sealed: sealed(), updatedBy: by, at });

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
  });
}

storeSuite("SqlSecretStore on PGlite (in memory)", () => openPgliteClient());

const pgUrl = serviceUrl("CPOD_POSTGRES_URL");
describe.skipIf(!pgUrl)("real PostgreSQL (CPOD_POSTGRES_URL)", () => {
  storeSuite("SqlSecretStore on PostgreSQL", async () =>
    openPgClient(serviceUrl("CPOD_POSTGRES_URL") as string),
  );
});
