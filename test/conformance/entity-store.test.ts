// One conformance suite for the EntityStore port (and the EntityService over it), run against
// every adapter: SqlEntityStore on the embedded PostgreSQL (a fresh database) and on the shared
// PostgreSQL, and MongoEntityStore on FerretDB (MongoDB wire protocol) from scripts/services.sh.
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe } from "vitest";
import { openPgClient } from "../../lib/sql/adapters/pg-client.js";
import { MongoEntityStore } from "../../server/gateway/entities/adapters/mongo-entity-store.js";
import { SqlEntityStore } from "../../server/gateway/entities/adapters/sql-entity-store.js";
import { types } from "../gateway/entities/fixtures.js";
import { type OpenStore, SuiteContext } from "../gateway/entities/suite/context.js";
import { crudTests } from "../gateway/entities/suite/crud.js";
import { filterTests } from "../gateway/entities/suite/filters.js";
import { hostileTests } from "../gateway/entities/suite/hostile.js";
import { isolationTests } from "../gateway/entities/suite/isolation.js";
import { pagingTests } from "../gateway/entities/suite/paging.js";
import { serviceUrl } from "../helpers/services.js";
import { openFreshDatabase } from "../helpers/sql-database.js";

/** Registers the whole suite for one adapter. */
function entityStoreConformance(label: string, open: OpenStore): void {
  describe(label, () => {
    const ctx = new SuiteContext();
    beforeAll(() => ctx.open(open));
    afterAll(() => ctx.close());
    crudTests(ctx);
    filterTests(ctx);
    pagingTests(ctx);
    isolationTests(ctx);
    hostileTests(ctx);
  });
}

entityStoreConformance("SqlEntityStore on the embedded PostgreSQL", async () => {
  const sql = await openFreshDatabase({ schema: "gateway" });
  // Two opens at once: the migration is idempotent and runs under an advisory lock.
  const [store] = await Promise.all([
    SqlEntityStore.open(sql, types.values()),
    SqlEntityStore.open(sql, types.values()),
  ]);
  return { store, cleanup: () => sql.close() };
});

const pgUrl = serviceUrl("CPOD_POSTGRES_URL");
describe.skipIf(!pgUrl)("real PostgreSQL (CPOD_POSTGRES_URL)", () => {
  entityStoreConformance("SqlEntityStore on PostgreSQL", async () => {
    const url = serviceUrl("CPOD_POSTGRES_URL") as string;
    // A fixed schema of the suite's own: re-runs exercise migrating an existing table.
    const sql = await openPgClient(url, { schema: "gateway_entities_conformance" });
    const cleanup = async (tenants: readonly string[]) => {
      await sql.query("DELETE FROM entities WHERE tenant_id = ANY($1::text[])", [[...tenants]]);
      await sql.close();
    };
    try {
      const [store] = await Promise.all([
        SqlEntityStore.open(sql, types.values()),
        SqlEntityStore.open(sql, types.values()),
      ]);
      return { store, cleanup };
    } catch (error) {
      await sql.close();
      throw error;
    }
  });
});

const mongoUrl = serviceUrl("CPOD_MONGO_URL");
describe.skipIf(!mongoUrl)("FerretDB (CPOD_MONGO_URL)", () => {
  entityStoreConformance("MongoEntityStore on FerretDB", async (run) => {
    const client = await new MongoClient(serviceUrl("CPOD_MONGO_URL") as string).connect();
    const db = client.db(`cpod_entities_${run}`);
    const cleanup = async () => {
      await db.dropDatabase();
      await client.close();
    };
    try {
      const [store] = await Promise.all([
        MongoEntityStore.open(db, types.values()),
        MongoEntityStore.open(db, types.values()),
      ]);
      return { store, cleanup };
    } catch (error) {
      await cleanup();
      throw error;
    }
  });
});
