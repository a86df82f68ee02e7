// vitest globalSetup: one embedded PostgreSQL for the whole test run, under the run's scratch
// folder (scratch-root.setup.ts runs first and removes it at the end, after this teardown).
// Tests reach it through test/helpers/sql-database.ts, each in a database of its own; programs
// the tests start without CPOD_POSTGRES_URL run their own embedded server, as in production.
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ensureEmbeddedPostgres } from "../../lib/embedded/postgres/embedded-postgres.js";

declare module "vitest" {
  interface ProvidedContext {
    /** The superuser URL of this run's embedded PostgreSQL (its `postgres` database). */
    embeddedPostgresUrl: string;
  }
}

/**
 * Enough connections for three test workers, each with several pools open at once (a pool per
 * program instance, two per conformance twin), plus programs the tests spawn.
 */
const MAX_CONNECTIONS = 400;

/** Starts the server before any worker; returns its teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tmp = process.env.TMPDIR;
  if (!tmp) throw new TypeError("embedded-postgres.setup.ts runs after scratch-root.setup.ts");
  const server = await ensureEmbeddedPostgres({
    dataDir: join(tmp, "embedded-postgres"),
    maxConnections: MAX_CONNECTIONS,
  });
  project.provide("embeddedPostgresUrl", server.url);
  return () => server.close();
}
