// Databases migrated by builds before cpod_schema_history: the control plane recorded its
// versions in `schema_migrations (version, name, applied_at)`, the sidecar in
// `sidecar_schema_migrations (component, version, name, applied_at)`. The runner imports such a
// history once (checked like its own), then applies only what is newer. Legacy tables here get
// names of their own, so tests share one database per adapter.
import { describe, expect, it } from "vitest";
import {
  applyMigrations,
  type Migration,
  MigrationError,
  type SchemaComponent,
} from "../../../lib/sql/index.js";
import { historyOf, suiteDatabase, suiteDatabases, uniqueName } from "./databases.js";

const APPLIED = new Date("2025-03-04T05:06:07.000Z");

function spec(legacy: SchemaComponent["legacyHistory"]): SchemaComponent & { table: string } {
  const table = uniqueName("legacy_data");
  const migrations: Migration[] = [
    { version: 1, name: "one", statements: [`CREATE TABLE ${table} (x int)`] },
    { version: 2, name: "two", statements: [`ALTER TABLE ${table} ADD COLUMN y int`] },
  ];
  return { component: `test.${table}`, migrations, legacyHistory: legacy, table };
}

describe.each(suiteDatabases())("legacy histories on $name", ({ open }) => {
  const db = suiteDatabase(open, "legacy_history");

  const q = (text: string, params?: unknown[]) => db().sql.query(text, params);
  const history = async (component: string) =>
    (await historyOf(db().sql, component)).map((r) => [r.version, r.name, r.appliedAt]);

  /** What an old build left: its history table with version 1, and version 1's table with a row. */
  async function oldBuild(s: ReturnType<typeof spec>, keyed: boolean) {
    const legacy = s.legacyHistory?.table as string;
    await q(
      `CREATE TABLE ${legacy} (${keyed ? "component text NOT NULL," : ""}
         version integer NOT NULL, name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const insert = keyed
      ? `INSERT INTO ${legacy} (component, version, name, applied_at) VALUES ($1, 1, 'one', $2), ('other', 7, 'not ours', $2)`
      : `INSERT INTO ${legacy} (version, name, applied_at) VALUES (1, 'one', $1)`;
    await q(insert, keyed ? [s.legacyHistory?.component, APPLIED] : [APPLIED]);
    await q(`CREATE TABLE ${s.table} (x int)`);
    await q(`INSERT INTO ${s.table} VALUES (41)`);
  }

  it("imports a control-plane style history once, then applies only what is newer", async () => {
    const s = spec({ table: uniqueName("schema_migrations") });
    await oldBuild(s, false);
    expect(await applyMigrations(db().sql, s)).toEqual([2]);
    expect((await q(`SELECT x, y FROM ${s.table}`)).rows).toEqual([{ x: 41, y: null }]);
    const rows = await history(s.component);
    expect(rows[0]).toEqual([1, "one", APPLIED.toISOString()]);
    expect(rows.map((r) => r[0])).toEqual([1, 2]);
    // Left as it was (an older build rolled back to still reads it), and never needed again.
    const legacy = await q(`SELECT count(*)::int AS n FROM ${s.legacyHistory?.table}`);
    expect(legacy.rows).toEqual([{ n: 1 }]);
    await q(`DELETE FROM ${s.legacyHistory?.table}`);
    expect(await applyMigrations(db().sql, s)).toEqual([]);
  });

  it("imports only its own component from a sidecar style history", async () => {
    const s = spec({ table: uniqueName("sidecar_schema_migrations"), component: "secrets" });
    await oldBuild(s, true);
    expect(await applyMigrations(db().sql, s)).toEqual([2]);
    expect((await history(s.component)).map((r) => r[0])).toEqual([1, 2]);
  });

  it("refuses a legacy history the code does not match, and imports nothing", async () => {
    const s = spec({ table: uniqueName("schema_migrations") });
    await oldBuild(s, false);
    const renamed = { ...s, migrations: [{ ...(s.migrations[0] as Migration), name: "uno" }] };
    await expect(applyMigrations(db().sql, renamed)).rejects.toThrow(/applied as "one"/);
    await q(`INSERT INTO ${s.legacyHistory?.table} (version, name) VALUES (9, 'future')`);
    await expect(applyMigrations(db().sql, s)).rejects.toBeInstanceOf(MigrationError);
    expect(await history(s.component)).toEqual([]);
  });

  it("starts from scratch where the legacy table never existed", async () => {
    const s = spec({ table: uniqueName("schema_migrations") });
    expect(await applyMigrations(db().sql, s)).toEqual([1, 2]);
  });
});
