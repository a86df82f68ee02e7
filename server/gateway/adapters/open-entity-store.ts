import { MongoClient } from "mongodb";
import { mongoOutage } from "../../../lib/driver-outages.js";
import { openEmbeddedPgClient } from "../../../lib/sql/adapters/embedded-pg-client.js";
import { openPgClient } from "../../../lib/sql/adapters/pg-client.js";
import { guardStore } from "../../../lib/store-unavailable.js";
import { MongoEntityStore } from "../entities/adapters/mongo-entity-store.js";
import { SqlEntityStore } from "../entities/adapters/sql-entity-store.js";
import type { EntityStore, EntityType } from "../entities/index.js";
import { MONGO_OPTIONS } from "./store-timeouts.js";

/** An opened entity store, the adapter's name for the startup log, and how to release it. */
export interface OpenedEntityStore {
  store: EntityStore;
  /** `mongodb`, `postgres`, or `embedded postgres (<dir>)`. */
  adapter: string;
  /** A round trip to the database, for `/readyz`. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** Where the gateway's entities live: the first of these that is set wins. */
export interface EntityStoreSettings {
  mongoUrl?: string;
  postgresUrl?: string;
  /** The embedded PostgreSQL runs under `<dataDir>/postgres` (shared with the other programs). */
  dataDir: string;
}

/**
 * Picks and opens the entity store: MongoDB when `CPOD_MONGO_URL` is set, else PostgreSQL on
 * `CPOD_POSTGRES_URL`, else the embedded PostgreSQL under the data dir — the same order as the sidecar's
 * stores, so one set of variables configures the whole platform.
 *
 * @example
 *   const { store, close } = await openEntityStore({ dataDir: ".cpod" }, types.values());
 */
export async function openEntityStore(
  settings: EntityStoreSettings,
  types: Iterable<EntityType>,
): Promise<OpenedEntityStore> {
  if (settings.mongoUrl) {
    const client = new MongoClient(settings.mongoUrl, MONGO_OPTIONS);
    await client.connect();
    const store = await MongoEntityStore.open(client.db(), types);
    const guarded = guardStore("entities", mongoOutage, store);
    const check = async () => void (await client.db().command({ ping: 1 }));
    return { store: guarded, adapter: "mongodb", check, close: () => client.close() };
  }
  const options = { schema: "gateway", store: "entities" };
  const { sql, description: adapter } = settings.postgresUrl
    ? { sql: await openPgClient(settings.postgresUrl, options), description: "postgres" }
    : await openEmbeddedPgClient(settings.dataDir, options);
  const store = await SqlEntityStore.open(sql, types);
  const check = async () => void (await sql.query("SELECT 1"));
  return { store, adapter, check, close: () => sql.close() };
}
