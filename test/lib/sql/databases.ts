import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { openPgClient } from "../../../lib/sql/adapters/pg-client.js";
import type { SqlClient } from "../../../lib/sql/index.js";
import { serviceUrl } from "../../helpers/services.js";
import { freshDatabase } from "../../helpers/sql-database.js";

/** A database of a suite's own, reached as two instances of a program would reach it. */
export interface SuiteDatabase {
  sql: SqlClient;
  /** A second instance's client: its own pool, as another replica of the program would have. */
  other: SqlClient;
  /** Closes both and drops what the suite created. */
  close(): Promise<void>;
}

/** Opens a {@link SuiteDatabase}; `schema` is where the suite's tables go. */
export type OpenSuiteDatabase = (schema: string) => Promise<SuiteDatabase>;

/** A name unique to one run (schemas, tables), so runs on the shared server never collide. */
export const uniqueName = (prefix: string) =>
  `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;

/** A schema name unique to one run. */
export const uniqueSchema = uniqueName;

/**
 * One database for a whole describe block: opened before its tests, dropped after them. Read
 * `db()` inside tests (it is set once `beforeAll` ran).
 */
export function suiteDatabase(open: OpenSuiteDatabase, prefix: string): () => SuiteDatabase {
  let db: SuiteDatabase | undefined;
  beforeAll(async () => {
    db = await open(uniqueSchema(prefix));
  }, 120_000);
  afterAll(() => db?.close());
  return () => db as SuiteDatabase;
}

/** Two instances' clients on a fresh database of the run's embedded PostgreSQL. */
async function embedded(schema: string): Promise<SuiteDatabase> {
  const [sql, other] = await twoInstances(await freshDatabase(), schema);
  return {
    sql,
    other,
    close: () => Promise.all([sql.close(), other.close()]).then(() => undefined),
  };
}

/** Two pools on `url` in `schema`, as two program instances sharing a database would open. */
function twoInstances(url: string, schema: string) {
  return Promise.all([
    openPgClient(url, { schema, max: 3 }),
    openPgClient(url, { schema, max: 3 }),
  ]);
}

function postgres(url: string): OpenSuiteDatabase {
  return async (schema) => {
    const [sql, other] = await twoInstances(url, schema);
    return {
      sql,
      other,
      async close() {
        await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await Promise.all([sql.close(), other.close()]);
      },
    };
  };
}

/**
 * The `pg` adapter on both servers: the embedded PostgreSQL (a fresh database) and the shared
 * one from scripts/services.sh in a throwaway schema (absent locally when CPOD_POSTGRES_URL is
 * unset; CI requires it) — two PostgreSQL versions, and a shared server's schema isolation.
 */
export function suiteDatabases(): { name: string; open: OpenSuiteDatabase }[] {
  const url = serviceUrl("CPOD_POSTGRES_URL");
  return [
    { name: "embedded postgres", open: embedded },
    ...(url ? [{ name: "postgres", open: postgres(url) }] : []),
  ];
}

/** A component's rows in `cpod_schema_history`, oldest first, times as ISO strings. */
export async function historyOf(
  sql: SqlClient,
  component: string,
): Promise<{ version: number; name: string; appliedAt: string }[]> {
  const { rows } = await sql.query<{ version: number; name: string; applied_at: Date }>(
    "SELECT version, name, applied_at FROM cpod_schema_history WHERE component = $1 ORDER BY version",
    [component],
  );
  return rows.map((r) => ({
    version: Number(r.version),
    name: r.name,
    appliedAt: new Date(r.applied_at).toISOString(),
  }));
}
