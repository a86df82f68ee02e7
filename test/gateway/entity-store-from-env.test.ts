// The composition root picks the entity store from the environment (DESIGN.md §3): MongoDB for
// CPOD_MONGO_URL, else PostgreSQL for CPOD_POSTGRES_URL, else the embedded PostgreSQL. Each case
// writes through the gateway's own wiring and then finds the record with that store's own
// driver.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { MongoClient } from "mongodb";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { gatewayEntities, gatewaySchemaDocument } from "../../gen/routes/gateway.js";
import { ensureEmbeddedPostgres } from "../../lib/embedded/postgres/embedded-postgres.js";
import { openEntityStore } from "../../server/gateway/adapters/open-entity-store.js";
import { openGatewayPorts } from "../../server/gateway/adapters/open-gateway-ports.js";
import { buildGateway } from "../../server/gateway/app.js";
import { loadGatewayConfig } from "../../server/gateway/config.js";
import { EntityService, entityTypes } from "../../server/gateway/entities/index.js";
import { serviceUrl } from "../helpers/services.js";

const mongoUrl = serviceUrl("CPOD_MONGO_URL");
const postgresUrl = serviceUrl("CPOD_POSTGRES_URL");
const TYPES = entityTypes(gatewayEntities, gatewaySchemaDocument.components.schemas);
const caller = {
  tenantId: `ten_env_${randomUUID().slice(0, 8)}`,
  appId: "app_env",
  subject: "app_env",
};

/** Writes one Person through the opened store; returns its id. */
async function writeOne(settings: Parameters<typeof openEntityStore>[0]) {
  const opened = await openEntityStore(settings, TYPES.values());
  try {
    const service = new EntityService({
      store: opened.store,
      types: TYPES,
      cursorKey: new Uint8Array(32).fill(1),
    });
    const person = await service.create(caller, "Person", { display_name: "From Env" });
    return { adapter: opened.adapter, id: person.id };
  } finally {
    await opened.close();
  }
}

/** The tenant of entity `id` in the `gateway` schema of the PostgreSQL at `url`. */
async function tenantOf(url: string, id: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query("SELECT tenant_id FROM gateway.entities WHERE id = $1", [id])).rows;
  } finally {
    await client.end();
  }
}

/** The startup log of a gateway built as main.ts builds it, from `env`. */
async function startupLog(env: NodeJS.ProcessEnv): Promise<string> {
  let text = "";
  const stream = new Writable({
    write(chunk, _e, done) {
      text += chunk;
      done();
    },
  });
  const dataDir = mkdtempSync(join(tmpdir(), "cpod-env-"));
  const config = loadGatewayConfig({ CPOD_DATA_DIR: dataDir, ...env });
  const app = await buildGateway(config, await openGatewayPorts(config), {
    logger: { level: "info", stream },
  });
  await app.close();
  return text;
}

describe("entity store chosen from the environment", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "cpod-env-"));

  it("with no URL: the embedded PostgreSQL under CPOD_DATA_DIR, and the startup log says so", async () => {
    const { adapter, id } = await writeOne({ dataDir });
    const cluster = join(dataDir, "postgres");
    expect(adapter).toBe(`embedded postgres (${cluster})`);
    const server = await ensureEmbeddedPostgres({ dataDir: cluster }); // stopped by writeOne's close
    try {
      expect(await tenantOf(server.url, id)).toEqual([{ tenant_id: caller.tenantId }]);
    } finally {
      await server.close();
    }
    expect(await startupLog({})).toMatch(/entity store embedded postgres \(.*\/postgres\)/);
  }, 120_000);

  it.skipIf(!postgresUrl)(
    "CPOD_POSTGRES_URL: the row is in that PostgreSQL",
    async () => {
      const { adapter, id } = await writeOne({ dataDir, postgresUrl });
      expect(adapter).toBe("postgres");
      expect(await tenantOf(postgresUrl as string, id)).toEqual([{ tenant_id: caller.tenantId }]);
      expect(await startupLog({ CPOD_POSTGRES_URL: postgresUrl })).toContain(
        "entity store postgres",
      );
    },
    120_000,
  );

  it.skipIf(!mongoUrl)(
    "CPOD_MONGO_URL wins over PostgreSQL: the document is in MongoDB",
    async () => {
      const { adapter, id } = await writeOne({ dataDir, mongoUrl, postgresUrl });
      expect(adapter).toBe("mongodb");
      const client = new MongoClient(mongoUrl as string);
      await client.connect();
      try {
        const doc = await client
          .db()
          .collection("entities.people")
          .findOne({ _id: id as never });
        expect(doc?.tenant_id).toBe(caller.tenantId);
      } finally {
        await client.close();
      }
      const log = await startupLog({ CPOD_MONGO_URL: mongoUrl, CPOD_POSTGRES_URL: postgresUrl });
      expect(log).toContain("entity store mongodb");
    },
    120_000,
  );
});
