// Smoke test: ClickHouse SQL in-process through `chdb` (an optionalDependency), with
// server-side query parameters. No server: a Session in a temp dir.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optionalModule } from "../helpers/services.js";

const chdb = await optionalModule<typeof import("chdb")>("chdb");

describe.skipIf(!chdb)("clickhouse via chdb (in-process)", () => {
  let dir: string;
  let session: InstanceType<NonNullable<typeof chdb>["Session"]>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "cpod-chdb-smoke-"));
    session = new (chdb as NonNullable<typeof chdb>).Session(dir);
  });
  afterAll(() => {
    session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = (text: string) =>
    text
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it("binds {tenant:String} server-side, so quotes stay data", async () => {
    expect(session.query("SELECT version()", "TSV").trim()).toMatch(/^\d+\.\d+/);
    session.query(
      "CREATE TABLE events (tenant_id String, name String, n UInt32) ENGINE = MergeTree ORDER BY (tenant_id, n)",
    );
    const tricky = "o'reilly' OR 1=1 --";
    await session.insert({
      table: "events",
      values: [
        { tenant_id: tricky, name: "login", n: 1 },
        { tenant_id: tricky, name: "view", n: 2 },
        { tenant_id: "globex", name: "login", n: 3 },
      ],
    });

    const sql = "SELECT name, n FROM events WHERE tenant_id = {tenant:String} ORDER BY n";
    const mine = rows(
      (await session.queryBindAsync(sql, { tenant: tricky }, { format: "JSONEachRow" })).text(),
    );
    expect(mine).toEqual([
      { name: "login", n: 1 },
      { name: "view", n: 2 },
    ]);
    // Were the value spliced into the SQL, this would match every row.
    expect(rows(session.queryBind(sql, { tenant: "x' OR '1'='1" }, "JSONEachRow"))).toEqual([]);
  });
});
