import { MongoClient } from "mongodb";

/**
 * Drops a bench run's own MongoDB database, so repeated runs neither read old chains nor fill the
 * shared server. Best effort: a server already gone leaves nothing to clean.
 *
 * @example
 *   await dropScratchDatabase(process.env.CPOD_MONGO_URL, "cpod_bench_audit_123");
 */
export async function dropScratchDatabase(mongoUrl: string, dbName: string): Promise<void> {
  const client = new MongoClient(mongoUrl);
  await client
    .db(dbName)
    .dropDatabase()
    .catch(() => undefined);
  await client.close();
}
