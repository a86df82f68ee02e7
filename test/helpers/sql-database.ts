import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openPgClient, type PgClientOptions } from "../../lib/sql/adapters/pg-client.js";
import type { SqlClient } from "../../lib/sql/index.js";

/** The run's embedded PostgreSQL (embedded-postgres.setup.ts), as its superuser. */
export function embeddedPostgresUrl(): string {
  const url = inject("embeddedPostgresUrl");
  if (!url) throw new TypeError("no embedded PostgreSQL: run the tests through vitest.config.ts");
  return url;
}

/**
 * A new, empty database on the run's embedded PostgreSQL; returns its URL. Each test (or suite)
 * gets one of its own, so nothing it writes meets another test's tables, schemas or advisory
 * locks, whichever worker runs it. Databases are not dropped: the server goes with the run.
 *
 * @example
 *   const sql = await openPgClient(await freshDatabase(), { schema: "gateway" });
 */
export async function freshDatabase(prefix = "t"): Promise<string> {
  const name = `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = new pg.Client(embeddedPostgresUrl());
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(embeddedPostgresUrl());
  url.pathname = `/${name}`;
  return url.href;
}

/**
 * The `pg` adapter on a {@link freshDatabase}: what a program's embedded database is, minus the
 * server start. The caller closes it.
 *
 * @example
 *   const sql = await openFreshDatabase({ schema: "control_plane" });
 */
export async function openFreshDatabase(opts: PgClientOptions = {}): Promise<SqlClient> {
  return openPgClient(await freshDatabase(), { max: 5, ...opts });
}
