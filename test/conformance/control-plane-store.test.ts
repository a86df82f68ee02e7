// One conformance suite for the control plane's store port, run against every adapter: the SQL
// store on the embedded PostgreSQL (a fresh database) and on the shared PostgreSQL from
// scripts/services.sh (in a throwaway schema). Migrations are part of the contract: versioned, idempotent, race-safe.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  isUniqueViolation,
  type Migration,
  MigrationError,
  type SqlClient,
} from "../../lib/sql/index.js";
import { CONTROL_PLANE_SCHEMA } from "../../server/control-plane/store/adapters/migrations.js";
import { SqlControlPlaneStore } from "../../server/control-plane/store/adapters/sql-store.js";
import type {
  App,
  SigningKeyRecord,
  Tenant,
} from "../../server/control-plane/store/control-plane-store.js";
import { testDatabases } from "../control-plane/helpers.js";

const T0 = new Date("2025-01-02T03:04:05.000Z");
const T1 = new Date("2025-01-02T04:04:05.000Z");
let n = 0;
const id = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(n++).toString(36)}`;

const tenant = (over: Partial<Tenant> = {}): Tenant => ({
  id: id("ten"),
  name: "Acme",
  status: "active",
  plan: "free",
  limits: null,
  createdAt: T0,
  ...over,
});
const app = (tenantId: string, over: Partial<App> = {}): App => ({
  clientId: id("app"),
  tenantId,
  name: "worker",
  declaredScopes: ["kv.read", "kv.write"],
  appType: "service",
  createdAt: T0,
  secretRotatedAt: null,
  ...over,
});
const key = (kid: string, createdAt: Date, activatedAt: Date | null): SigningKeyRecord => ({
  kid,
  createdAt,
  activatedAt,
  retiresAt: null,
  publicJwk: { kty: "RSA", kid, n: "abc", e: "AQAB" },
  sealed: {
    keyId: "0123456789abcdef",
    iv: randomBytes(12),
    tag: randomBytes(16),
    ciphertext: randomBytes(64),
  },
});

describe.each(testDatabases())("control-plane store on $name", (db) => {
  let sql: SqlClient;
  let store: SqlControlPlaneStore;

  beforeAll(async () => {
    sql = await db.open();
    // Two instances starting at once: the migration runs once, under the advisory lock.
    [store] = await Promise.all([SqlControlPlaneStore.open(sql), SqlControlPlaneStore.open(sql)]);
  }, 120_000);
  afterAll(async () => {
    await sql?.close();
    await db.cleanup();
  });

  describe("migrations", () => {
    // The runner itself (order, races, legacy histories) is tested once in test/lib/sql.
    const history = () =>
      sql.query<{ version: number }>(
        "SELECT version FROM cpod_schema_history WHERE component = 'control-plane'",
      );

    it("recorded each version exactly once, and a re-run applies nothing", async () => {
      expect((await history()).rows.map((r) => Number(r.version))).toEqual([1, 2, 3]);
      expect(await applyMigrations(sql, CONTROL_PLANE_SCHEMA)).toEqual([]);
    });

    it("refuses a database newer than the code, or a history that differs", async () => {
      await sql.query(
        "INSERT INTO cpod_schema_history (component, version, name, checksum) VALUES ('control-plane', 99, 'future', '')",
      );
      await expect(SqlControlPlaneStore.open(sql)).rejects.toThrow(MigrationError);
      await sql.query(
        "DELETE FROM cpod_schema_history WHERE component = 'control-plane' AND version = 99",
      );
      const [first] = CONTROL_PLANE_SCHEMA.migrations;
      const renamed = [{ ...(first as Migration), name: "something else" }];
      await expect(
        applyMigrations(sql, { ...CONTROL_PLANE_SCHEMA, migrations: renamed }),
      ).rejects.toThrow(/applied as/);
    });
  });

  describe("tenants", () => {
    it("inserts, gets, and pages in creation order", async () => {
      const made = [tenant(), tenant({ plan: "pro" }), tenant()];
      for (const t of made) await store.tenants.insert(t);
      expect(await store.tenants.get(made[1]?.id ?? "")).toEqual(made[1]);
      expect(await store.tenants.get("ten_missing")).toBeUndefined();
      const seen: string[] = [];
      let after = 0;
      for (;;) {
        const page = await store.tenants.list({ after, limit: 2 });
        seen.push(...page.items.map((t) => t.id));
        if (page.next === undefined) break;
        after = page.next;
      }
      expect(seen.filter((x) => made.some((t) => t.id === x))).toEqual(made.map((t) => t.id));
    });

    it("suspends idempotently and answers undefined for an unknown tenant", async () => {
      const t = tenant();
      await store.tenants.insert(t);
      expect((await store.tenants.suspend(t.id, T1))?.status).toBe("suspended");
      expect((await store.tenants.suspend(t.id, T1))?.status).toBe("suspended");
      expect(await store.tenants.suspend("ten_missing", T1)).toBeUndefined();
    });

    it("resumes idempotently and answers undefined for an unknown tenant", async () => {
      const t = tenant();
      await store.tenants.insert(t);
      await store.tenants.suspend(t.id, T1);
      expect(await store.tenants.resume(t.id)).toEqual(t);
      expect(await store.tenants.resume(t.id)).toEqual(t);
      expect(await store.tenants.resume("ten_missing")).toBeUndefined();
    });

    it("updates only the fields given; limits replace as a whole and null clears them", async () => {
      const t = tenant({ limits: { requestsPerWindow: 7 } });
      await store.tenants.insert(t);
      expect(await store.tenants.get(t.id)).toEqual(t);
      expect(await store.tenants.update(t.id, { plan: "pro" })).toEqual({ ...t, plan: "pro" });
      const both = { requestsPerWindow: 500, windowSeconds: 60 };
      const renamed = await store.tenants.update(t.id, { name: "Acme 2", limits: both });
      expect(renamed).toEqual({ ...t, name: "Acme 2", plan: "pro", limits: both });
      const windowOnly = await store.tenants.update(t.id, { limits: { windowSeconds: 5 } });
      expect(windowOnly?.limits).toEqual({ windowSeconds: 5 });
      const cleared = await store.tenants.update(t.id, { limits: null });
      expect(cleared).toEqual({ ...t, name: "Acme 2", plan: "pro", limits: null });
      expect(await store.tenants.getForUpdate(t.id)).toEqual(cleared);
      expect(await store.tenants.update("ten_missing", { plan: "pro" })).toBeUndefined();
    });

    it("refuses a non-positive limit at the database too", async () => {
      const t = tenant();
      await store.tenants.insert(t);
      await expect(
        store.tenants.update(t.id, { limits: { requestsPerWindow: 0 } }),
      ).rejects.toThrow();
      expect((await store.tenants.get(t.id))?.limits).toBeNull();
    });
  });

  describe("apps", () => {
    let t: Tenant;
    beforeAll(async () => {
      t = tenant();
      await store.tenants.insert(t);
    });

    it("inserts once per client_id and returns credentials with the tenant's status", async () => {
      const a = app(t.id);
      expect(await store.apps.insert(a, "$argon2id$hash")).toBe(true);
      expect(await store.apps.insert({ ...a, name: "again" }, "$argon2id$other")).toBe(false);
      expect(await store.apps.get(a.clientId)).toEqual(a);
      const creds = await store.apps.credentials(a.clientId);
      expect(creds).toMatchObject({
        clientId: a.clientId,
        secretHash: "$argon2id$hash",
        tenantStatus: "active",
      });
    });

    it("replaces the secret hash and stamps the rotation", async () => {
      const a = app(t.id);
      await store.apps.insert(a, "h1");
      expect((await store.apps.replaceSecret(a.clientId, "h2", T1))?.secretRotatedAt).toEqual(T1);
      expect((await store.apps.credentials(a.clientId))?.secretHash).toBe("h2");
    });

    it("deletes: gone from get, list and credentials, and its client_id stays taken", async () => {
      const a = app(t.id);
      await store.apps.insert(a, "h");
      expect(await store.apps.delete(a.clientId, T1)).toBe(true);
      expect(await store.apps.delete(a.clientId, T1)).toBe(false);
      expect(await store.apps.get(a.clientId)).toBeUndefined();
      expect(await store.apps.credentials(a.clientId)).toBeUndefined();
      expect(await store.apps.insert(a, "h")).toBe(false);
      const listed = await store.apps.list({ after: 0, limit: 500, tenantId: t.id });
      expect(listed.items.map((x) => x.clientId)).not.toContain(a.clientId);
    });

    it("lists one tenant's apps only", async () => {
      const other = tenant();
      await store.tenants.insert(other);
      const mine = app(other.id);
      await store.apps.insert(mine, "h");
      const page = await store.apps.list({ after: 0, limit: 10, tenantId: other.id });
      expect(page.items).toEqual([mine]);
    });
  });

  describe("signing keys", () => {
    it("lists newest first, activates the next key, retires the active one, purges", async () => {
      const a = key(id("k"), T0, T0);
      const b = key(id("k"), T1, null);
      await store.keys.insert(a);
      await store.keys.insert(b);
      const listed = await store.keys.list();
      const ours = listed.filter((k) => k.kid === a.kid || k.kid === b.kid);
      expect(ours.map((k) => k.kid)).toEqual([b.kid, a.kid]);
      expect(
        Buffer.from(ours[1]?.sealed.ciphertext ?? []).equals(Buffer.from(a.sealed.ciphertext)),
      ).toBe(true);
      await store.keys.retireActive(T1);
      expect(await store.keys.activate(a.kid, T1)).toBe(false); // retiring, not the next key
      expect(await store.keys.activate(b.kid, T1)).toBe(true);
      expect(await store.keys.activate(b.kid, T1)).toBe(false); // already signing
      const after = (await store.keys.list()).filter((k) => k.kid === a.kid || k.kid === b.kid);
      expect(after.map((k) => [k.activatedAt, k.retiresAt])).toEqual([
        [T1, null],
        [T0, T1],
      ]);
      expect(await store.keys.purge(new Date(T1.getTime() + 1))).toBeGreaterThanOrEqual(1);
      expect((await store.keys.list()).map((k) => k.kid)).not.toContain(a.kid);
    });

    it("holds at most one next key and one signing key (a racing rotation fails)", async () => {
      const next = key(id("k"), T1, null);
      await store.keys.insert(next);
      await expect(store.keys.insert(key(id("k"), T1, null))).rejects.toSatisfy(isUniqueViolation);
      await expect(store.keys.insert(key(id("k"), T1, T1))).rejects.toSatisfy(isUniqueViolation);
      await store.keys.retireActive(T1);
      expect(await store.keys.activate(next.kid, T1)).toBe(true);
    });
  });

  describe("refresh tokens and revocations", () => {
    const refresh = (familyId: string, hash: string, accessExp: Date) => ({
      tokenHash: hash,
      familyId,
      clientId: "app_x",
      tenantId: "ten_x",
      userId: "u1",
      scope: "kv.read",
      createdAt: T0,
      expiresAt: T1,
      usedAt: null,
      revokedAt: null,
      accessJti: `jti-${hash}`,
      accessExp,
    });

    it("revokes a family and returns its access tokens that are still live", async () => {
      const family = id("fam");
      const live = new Date(Date.now() + 3_600_000);
      await store.refreshTokens.insert(refresh(family, id("h"), live));
      await store.refreshTokens.insert(refresh(family, id("h"), new Date(Date.now() - 1000)));
      const now = new Date();
      const refs = await store.refreshTokens.revokeFamily(family, now);
      expect(refs).toHaveLength(1);
      expect(refs[0]?.exp).toEqual(live);
    });

    it("locks a token for update inside a transaction and marks it used", async () => {
      const hash = id("h");
      await store.refreshTokens.insert(refresh(id("fam"), hash, T1));
      await store.transaction(async (tx) => {
        expect((await tx.refreshTokens.getForUpdate(hash))?.usedAt).toBeNull();
        await tx.refreshTokens.markUsed(hash, T1);
      });
      expect((await store.refreshTokens.get(hash))?.usedAt).toEqual(T1);
    });

    it("keeps a revoked jti once, until its expiry", async () => {
      const jti = id("jti");
      const exp = new Date(Date.now() + 60_000);
      expect(await store.revocations.add({ jti, tenantId: "ten_x", exp })).toBe(true);
      expect(await store.revocations.add({ jti, tenantId: "ten_x", exp })).toBe(false);
      expect(await store.revocations.isRevoked(jti)).toBe(true);
      await store.revocations.purge(new Date(exp.getTime() + 1));
      expect(await store.revocations.isRevoked(jti)).toBe(false);
    });
  });

  describe("outbox", () => {
    it("keeps insertion order, and a rolled-back transaction leaves nothing", async () => {
      const ids = [id("m"), id("m"), id("m")];
      for (const m of ids) {
        await store.outbox.add({
          id: m,
          kind: "audit",
          tenantId: "ten_x",
          payload: { a: 1 },
          createdAt: T0,
        });
      }
      await expect(
        store.transaction(async (tx) => {
          await tx.outbox.add({
            id: id("m"),
            kind: "revoke",
            tenantId: "t",
            payload: {},
            createdAt: T0,
          });
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      const queued = (await store.outbox.peek(100)).map((m) => m.id);
      expect(queued.filter((m) => ids.includes(m))).toEqual(ids);
      expect(queued).toHaveLength(ids.length);
      await store.outbox.recordFailure(ids[0] ?? "", "down");
      for (const m of ids) await store.outbox.remove(m);
      expect(await store.outbox.has(ids[0] ?? "")).toBe(false);
    });

    it("grants a lease to one holder at a time until it expires", async () => {
      const name = id("lease");
      expect(await store.outbox.lease(name, "a", 1000, T0)).toBe(true);
      expect(await store.outbox.lease(name, "b", 1000, T0)).toBe(false);
      expect(await store.outbox.lease(name, "a", 1000, T0)).toBe(true);
      expect(await store.outbox.lease(name, "b", 1000, new Date(T0.getTime() + 5000))).toBe(true);
    });
  });

  describe("idempotency", () => {
    it("records once per key, replays within the window, replaces a stale record", async () => {
      const key = id("idem");
      const answer = { requestHash: "h", status: 201, body: { id: "x" }, createdAt: T0 };
      expect(await store.idempotency.put("op", key, answer)).toBe(true);
      expect(await store.idempotency.put("op", key, { ...answer, requestHash: "other" })).toBe(
        false,
      );
      expect(await store.idempotency.get("op", key, new Date(T0.getTime() - 1))).toEqual(answer);
      expect(await store.idempotency.get("op", key, new Date(T0.getTime() + 1))).toBeUndefined();
      const later = {
        ...answer,
        requestHash: "new",
        createdAt: new Date(T0.getTime() + 86_400_001),
      };
      expect(await store.idempotency.put("op", key, later)).toBe(true);
    });
  });
});
