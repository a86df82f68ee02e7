// What the embedded adapter adds to the SqlClient port (sql-client.test.ts covers the port): the
// database runs in a worker thread, so the calling thread's event loop stays free however long a
// statement takes, and the worker's life is tied to the client (data kept across a reopen).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openPgliteClient } from "../../../lib/sql/adapters/pglite-client.js";
import { SqlError } from "../../../lib/sql/index.js";
import { watchLoop } from "./loop-delay.js";

describe("openPgliteClient (PGlite in a worker thread)", () => {
  const dir = mkdtempSync(join(tmpdir(), "cpod-pglite-client-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps the calling thread's event loop free while the database works", async () => {
    const sql = await openPgliteClient();
    try {
      // Half a second of the database's own time: on the calling thread it would be one stall.
      const run = await watchLoop(() => sql.query("SELECT pg_sleep(0.5)"));
      expect(run.elapsedMs).toBeGreaterThanOrEqual(490);
      expect(run.maxDelayMs).toBeLessThan(100);
    } finally {
      await sql.close();
    }
  });

  it("keeps its data across close and reopen of a folder", async () => {
    const first = await openPgliteClient(join(dir, "pg"));
    await first.query("CREATE TABLE kept (v text)");
    await first.query("INSERT INTO kept VALUES ($1)", ["still here"]);
    await first.close();
    const again = await openPgliteClient(join(dir, "pg"));
    try {
      expect((await again.query("SELECT v FROM kept")).rows).toEqual([{ v: "still here" }]);
    } finally {
      await again.close();
    }
  });

  it("fails calls after close with an SqlError, and closes only once", async () => {
    const sql = await openPgliteClient();
    await Promise.all([sql.close(), sql.close()]);
    const error = await sql.query("SELECT 1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlError);
    expect((error as SqlError).code).toBeUndefined();
    await expect(sql.transaction(async () => 1)).rejects.toBeInstanceOf(SqlError);
  });
});
