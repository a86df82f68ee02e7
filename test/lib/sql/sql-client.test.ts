// One suite for the SqlClient port (lib/sql) and its one adapter (`pg`), run on the embedded
// PostgreSQL (a fresh database) and on the shared server when CPOD_POSTGRES_URL is set. Stores rely on
// exactly these behaviours: values round-trip unchanged, a unique violation keeps its SQLSTATE, a
// transaction commits or rolls back as a whole, nothing outside it sees its uncommitted rows,
// and a client opened with a schema keeps its tables there.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgClient } from "../../../lib/sql/adapters/pg-client.js";
import type { SqlClient } from "../../../lib/sql/index.js";
import { isUniqueViolation, UNIQUE_VIOLATION } from "../../../lib/sql/index.js";
import { serviceUrl } from "../../helpers/services.js";
import { openFreshDatabase } from "../../helpers/sql-database.js";
import { suiteDatabases, uniqueSchema } from "./databases.js";

function sqlClientSuite(label: string, open: () => Promise<SqlClient>) {
  describe(label, () => {
    let sql: SqlClient;
    const table = `sql_client_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const count = async (client: SqlClient = sql) =>
      Number(
        (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n,
      );

    beforeAll(async () => {
      sql = await open();
      await sql.query(`CREATE TABLE ${table} (id int PRIMARY KEY, note text)`);
    });
    afterAll(async () => {
      await sql?.query(`DROP TABLE IF EXISTS ${table}`);
      await sql?.close();
    });

    it("round-trips parameters and rows unchanged", async () => {
      const text = `quote " backslash \\ €, 𝄞 and "null"`;
      const { rows } = await sql.query<Record<string, unknown>>(
        "SELECT $1::text AS t, $2::text AS n, $3::int AS i, $4::bigint AS b, $5::bytea AS y, $6::text[] AS a",
        [text, null, -7, 9_007_199_254_740_991, Buffer.from([0, 1, 255]), ["x", null, text]],
      );
      expect(rows).toHaveLength(1);
      const row = rows[0] as Record<string, unknown>;
      expect(row).toMatchObject({ t: text, n: null, i: -7, a: ["x", null, text] });
      expect(Number(row.b)).toBe(9_007_199_254_740_991);
      expect([...(row.y as Uint8Array)]).toEqual([0, 1, 255]);
    });

    it("keeps the SQLSTATE of a unique violation", async () => {
      await sql.query(`INSERT INTO ${table} (id) VALUES (1)`);
      const error = await sql
        .query(`INSERT INTO ${table} (id) VALUES (1)`)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as { code?: string }).code).toBe(UNIQUE_VIOLATION);
      expect(isUniqueViolation(error)).toBe(true);
      const other = await sql.query("SELECT 1/0").catch((e: unknown) => e);
      expect((other as { code?: string }).code).toBe("22012");
      expect(isUniqueViolation(other)).toBe(false);
    });

    it("commits a transaction as a whole, nested calls joining it", async () => {
      const result = await sql.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id) VALUES (10)`);
        await tx.transaction((inner) => inner.query(`INSERT INTO ${table} (id) VALUES (11)`));
        return count(tx);
      });
      expect(result).toBe(3);
      expect(await count()).toBe(3);
    });

    it("rolls a transaction back when its function throws, and rethrows", async () => {
      const failing = sql.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id) VALUES (20)`);
        throw new RangeError("changed my mind");
      });
      await expect(failing).rejects.toThrow(new RangeError("changed my mind"));
      expect(await count()).toBe(3);
    });

    it("never shows a statement outside a transaction that transaction's uncommitted rows", async () => {
      let outside: Promise<number> | undefined;
      const rolledBack = sql.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id) VALUES (30)`);
        outside = count();
        await sleep(50);
        throw new Error("roll back");
      });
      await expect(rolledBack).rejects.toThrow("roll back");
      expect(await outside).toBe(3);
    });
  });
}

sqlClientSuite("SqlClient on the embedded PostgreSQL", () => openFreshDatabase());

const pgUrl = serviceUrl("CPOD_POSTGRES_URL");
describe.skipIf(!pgUrl)("real PostgreSQL (CPOD_POSTGRES_URL)", () => {
  sqlClientSuite("SqlClient on pg", async () => openPgClient(pgUrl as string));
});

describe.each(suiteDatabases())("SqlClient with a schema on $name", ({ open }) => {
  it("creates the schema (two instances at once) and keeps its tables there", async () => {
    const schema = uniqueSchema("sql_client_schema");
    const db = await open(schema);
    try {
      await db.sql.query("CREATE TABLE placed (x int)");
      const { rows } = await db.other.query<{ current: string; home: string }>(
        `SELECT current_schema() AS current, (SELECT table_schema FROM information_schema.tables
           WHERE table_name = 'placed' AND table_schema = $1) AS home`,
        [schema],
      );
      expect(rows).toEqual([{ current: schema, home: schema }]);
    } finally {
      await db.close();
    }
  }, 120_000);

  it("refuses a schema name it could not splice safely", async () => {
    await expect(open("bad-name; DROP")).rejects.toThrow(TypeError);
  });
});
