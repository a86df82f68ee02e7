// Derived schemas (lib/sql/derived-schema.ts): statements computed from code, such as the
// gateway's per-type entity indexes. Each new shape is recorded once as the next version; a
// shape seen before (an older instance during a rolling upgrade) changes nothing.
import { describe, expect, it } from "vitest";
import { applyDerivedSchema, type DerivedSchema } from "../../../lib/sql/index.js";
import { suiteDatabase, suiteDatabases, uniqueName } from "./databases.js";

describe.each(suiteDatabases())("applyDerivedSchema on $name", ({ open }) => {
  const db = suiteDatabase(open, "derived");

  it("records each new shape once as the next version, and a shape seen before not again", async () => {
    const table = uniqueName("d");
    await db().sql.query(`CREATE TABLE ${table} (a int, b int)`);
    const index = (col: string) =>
      `CREATE INDEX IF NOT EXISTS ${table}_${col} ON ${table} (${col})`;
    const shape = (...cols: string[]): DerivedSchema => ({
      component: `test.${table}`,
      name: "indexes",
      statements: cols.map(index),
    });
    const first = await Promise.all([
      applyDerivedSchema(db().sql, shape("a")),
      applyDerivedSchema(db().other, shape("a")),
    ]);
    expect(first.sort()).toEqual([1, undefined]);
    expect(await applyDerivedSchema(db().sql, shape("a", "b"))).toBe(2);
    expect(await applyDerivedSchema(db().sql, shape("a"))).toBeUndefined();
    const { rows } = await db().sql.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY indexname",
      [table],
    );
    expect(rows.map((r) => r.indexname)).toEqual([`${table}_a`, `${table}_b`]);
  });
});
