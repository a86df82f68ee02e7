// Databases created by the code before cpod_schema_history (test/fixtures/legacy-schemas: that
// code's DDL, history tables and a few rows, copied) open with today's stores on both
// adapters: every program's schema is brought under the one migration runner with its versions
// carried over, no row is lost, and the old history tables are left as they were.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SqlClient } from "../../lib/sql/index.js";
import { SqlControlPlaneStore } from "../../server/control-plane/store/adapters/sql-store.js";
import { SqlEntityStore } from "../../server/gateway/entities/adapters/sql-entity-store.js";
import { SqlAuditStore } from "../../sidecar/audit/adapters/sql-audit-store.js";
import { SqlDenyListStore } from "../../sidecar/auth/adapters/sql-deny-list-store.js";
import { SqlSecretStore } from "../../sidecar/secrets/adapters/sql-secret-store.js";
import { widget } from "../gateway/entities/fixtures.js";
import {
  historyOf,
  type SuiteDatabase,
  suiteDatabases,
  uniqueSchema,
} from "../lib/sql/databases.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/legacy-schemas");

/** Runs a fixture's statements, one a line, one `query` call each (as migrations run). */
async function loadFixture(sql: SqlClient, file: string): Promise<void> {
  const lines = readFileSync(join(FIXTURES, file), "utf8").split("\n");
  for (const line of lines.filter((l) => l.trim() && !l.startsWith("--"))) {
    await sql.query(line.replace(/;$/, ""));
  }
}

/** `[version, applied_at]` rows of a component in the new history. */
const history = async (sql: SqlClient, component: string) =>
  (await historyOf(sql, component)).map((r) => [r.version, r.appliedAt]);

const count = async (sql: SqlClient, table: string) =>
  Number((await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n);

const JUNE = "2025-06-01T00:00:00.000Z";

describe.each(suiteDatabases())("upgrading today's databases on $name", ({ open }) => {
  let db: SuiteDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });
  const fresh = async (prefix: string) => {
    db = await open(uniqueSchema(prefix));
    return db.sql;
  };

  it("control plane: schema_migrations imported, tenants and apps kept", async () => {
    const sql = await fresh("legacy_cp");
    await loadFixture(sql, "control-plane.sql");
    const store = await SqlControlPlaneStore.open(sql);
    // Versions 2 (limit overrides) and 3 (next keys) apply on top: the legacy tenant keeps its
    // plan's limits.
    expect(await store.tenants.get("ten_legacy")).toMatchObject({
      name: "Legacy Inc",
      plan: "pro",
      limits: null,
    });
    expect(await store.apps.get("app_legacy")).toMatchObject({ tenantId: "ten_legacy" });
    const imported = await history(sql, "control-plane");
    expect(imported[0]).toEqual([1, JUNE]);
    expect(imported.map(([version]) => version)).toEqual([1, 2, 3]);
    expect(await count(sql, "schema_migrations")).toBe(1);
    await SqlControlPlaneStore.open(sql);
    expect(await history(sql, "control-plane")).toEqual(imported);
  }, 120_000);

  it("sidecar: secrets and deny list imported, the unversioned audit table adopted", async () => {
    const sql = await fresh("legacy_sidecar");
    await loadFixture(sql, "sidecar.sql");
    const secrets = await SqlSecretStore.open(sql);
    const deny = await SqlDenyListStore.open(sql);
    const audit = await SqlAuditStore.open(sql);
    expect(await secrets.get("ten_legacy", "db-password")).toMatchObject({
      version: 3,
      description: "kept across the upgrade",
    });
    expect(await deny.since(0, 10)).toMatchObject([{ subject: "jti-legacy", kind: "jti" }]);
    const records = await audit.query({ tenantId: "ten_legacy", afterSequence: 0, limit: 10 });
    expect(records.map((r) => r.request_id)).toEqual(["req-legacy"]);
    expect(await history(sql, "sidecar.secrets")).toEqual([
      [1, JUNE],
      [2, "2025-07-01T00:00:00.000Z"],
    ]);
    expect(await history(sql, "sidecar.deny-list")).toEqual([[1, JUNE]]);
    expect((await history(sql, "sidecar.audit")).map(([v]) => v)).toEqual([1]);
    expect(await count(sql, "sidecar_schema_migrations")).toBe(3);
  }, 120_000);

  it("gateway: the unversioned entities table and its type indexes adopted, entities kept", async () => {
    const sql = await fresh("legacy_gateway");
    await loadFixture(sql, "gateway-entities.sql");
    const indexes = () => count(sql, "pg_indexes WHERE tablename = 'entities'");
    const before = await indexes();
    const store = await SqlEntityStore.open(sql, [widget]);
    expect(await store.get("ten_legacy", widget, "wid_legacy")).toMatchObject({
      id: "wid_legacy",
      version: 2,
      name: "kept",
      rank: 7,
      active: true,
    });
    expect(await indexes()).toBe(before);
    expect((await history(sql, "gateway.entities")).map(([v]) => v)).toEqual([1]);
    expect((await history(sql, "gateway.entity-indexes")).map(([v]) => v)).toEqual([1]);
  }, 120_000);
});
