// Smoke test: the `pg` driver against the real PostgreSQL started by scripts/services.sh.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceUrl } from "../helpers/services.js";

const url = serviceUrl("CPOD_POSTGRES_URL");

describe.skipIf(!url)("postgres (CPOD_POSTGRES_URL)", () => {
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  it("creates a temp table and round-trips parameterized rows", async () => {
    const { rows: version } = await client.query<{ v: string }>(
      "SELECT current_setting('server_version') AS v",
    );
    expect(version[0]?.v).toMatch(/^\d+/);

    // A temporary table vanishes with the session: nothing to clean up.
    await client.query(
      "CREATE TEMP TABLE smoke_items (id serial PRIMARY KEY, tenant text NOT NULL, doc jsonb NOT NULL)",
    );
    const tricky = "acme'); DROP TABLE smoke_items; --";
    for (const [tenant, n] of [
      [tricky, 1],
      ["globex", 2],
    ] as const) {
      await client.query("INSERT INTO smoke_items (tenant, doc) VALUES ($1, $2)", [tenant, { n }]);
    }
    const { rows } = await client.query<{ tenant: string; n: number }>(
      "SELECT tenant, (doc->>'n')::int AS n FROM smoke_items WHERE tenant = $1",
      [tricky],
    );
    expect(rows).toEqual([{ tenant: tricky, n: 1 }]);
    const { rows: count } = await client.query<{ c: string }>(
      "SELECT count(*) AS c FROM smoke_items",
    );
    expect(count[0]?.c).toBe("2");
  });
});
