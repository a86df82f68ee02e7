// The one migration runner (lib/sql/migrations.ts), tested once against both adapters: versions
// apply in order, once, under the component's lock; a history the code does not match is
// refused; components never read each other's versions. Each test uses a component of its own,
// so they share one database per adapter.
import { describe, expect, it } from "vitest";
import {
  applyMigrations,
  type Migration,
  MigrationError,
  type SchemaComponent,
} from "../../../lib/sql/index.js";
import { historyOf, suiteDatabase, suiteDatabases, uniqueName } from "./databases.js";

/** Three versions creating tables named after the test, so tests never collide. */
function component(opts: Partial<SchemaComponent> = {}): SchemaComponent & { table: string } {
  const table = uniqueName("t");
  const migrations: Migration[] = [
    { version: 1, name: "one", statements: [`CREATE TABLE ${table} (x int)`] },
    { version: 3, name: "three", statements: [`INSERT INTO ${table} VALUES (3)`] },
    { version: 2, name: "two", statements: [`INSERT INTO ${table} VALUES (2)`] },
  ];
  return { component: `test.${table}`, migrations, table, ...opts };
}

describe.each(suiteDatabases())("applyMigrations on $name", ({ open }) => {
  const db = suiteDatabase(open, "migrations");

  const history = async (name: string) =>
    (await historyOf(db().sql, name)).map((r) => [r.version, r.name]);
  const values = async (table: string) =>
    (await db().sql.query<{ x: number }>(`SELECT x FROM ${table}`)).rows.map((r) => r.x);

  it("applies every version once, in version order, when two instances start at once", async () => {
    const spec = component();
    const both = await Promise.all([
      applyMigrations(db().sql, spec),
      applyMigrations(db().other, spec),
    ]);
    expect(both.sort()).toEqual([[], [1, 2, 3]]);
    expect(await values(spec.table)).toEqual([2, 3]);
    expect(await history(spec.component)).toEqual([
      [1, "one"],
      [2, "two"],
      [3, "three"],
    ]);
    expect(await applyMigrations(db().sql, spec)).toEqual([]);
  });

  it("applies only what is new", async () => {
    const spec = component();
    expect(
      await applyMigrations(db().sql, { ...spec, migrations: spec.migrations.slice(0, 1) }),
    ).toEqual([1]);
    expect(await applyMigrations(db().sql, spec)).toEqual([2, 3]);
  });

  it("refuses a database newer than the code, a renamed version and an edited one", async () => {
    const spec = component();
    await applyMigrations(db().sql, spec);
    const older = { ...spec, migrations: spec.migrations.filter((m) => m.version < 3) };
    await expect(applyMigrations(db().sql, older)).rejects.toThrow(/at version 3, newer than/);
    const [one, ...rest] = spec.migrations as [Migration, ...Migration[]];
    const renamed = { ...spec, migrations: [{ ...one, name: "uno" }, ...rest] };
    await expect(applyMigrations(db().sql, renamed)).rejects.toThrow(/applied as "one"/);
    const edited = { ...one, statements: [`CREATE TABLE ${spec.table} (x bigint)`] };
    await expect(
      applyMigrations(db().sql, { ...spec, migrations: [edited, ...rest] }),
    ).rejects.toBeInstanceOf(MigrationError);
    const reindented = { ...one, statements: [`CREATE TABLE ${spec.table}\n  (x int)`] };
    expect(await applyMigrations(db().sql, { ...spec, migrations: [reindented, ...rest] })).toEqual(
      [],
    );
  });

  it("keeps components apart: each reads and refuses only its own versions", async () => {
    const [a, b] = [component(), component()];
    await applyMigrations(db().sql, a);
    expect(await applyMigrations(db().sql, { ...b, migrations: b.migrations.slice(0, 1) })).toEqual(
      [1],
    );
    expect(await history(b.component)).toEqual([[1, "one"]]);
  });

  it("rejects a spec that names a version twice, before touching the database", async () => {
    const spec = component();
    const twice = [...spec.migrations, { version: 2, name: "again", statements: [] }];
    await expect(applyMigrations(db().sql, { ...spec, migrations: twice })).rejects.toThrow(
      TypeError,
    );
  });
});
