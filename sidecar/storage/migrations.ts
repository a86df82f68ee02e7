import { type SqlClient, withMigrationLock } from "./sql.js";

/** One schema version of one sidecar store: its number, a name for humans, its statements. */
export interface Migration {
  version: number;
  name: string;
  /** One statement per entry (PGlite's parameterized protocol runs one statement per call). */
  statements: readonly string[];
}

/** A database newer than this build, or a history that differs from the code. */
export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

interface AppliedRow {
  version: number;
  name: string;
}

/**
 * The sidecar's own history table, one row per (store, version). Not the servers'
 * `schema_migrations`: the sidecar may share a database and schema with them, and each program
 * refuses versions it does not know, so they must never read each other's history.
 */
const HISTORY = `CREATE TABLE IF NOT EXISTS sidecar_schema_migrations (
  component  text NOT NULL,
  version    integer NOT NULL,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (component, version)
)`;

const HISTORY_LOCK = "cpod.sidecar.migrations";

function checkHistory(component: string, applied: AppliedRow[], known: Map<number, string>) {
  for (const row of applied) {
    const name = known.get(Number(row.version));
    if (name === undefined) {
      throw new MigrationError(
        `${component} schema is at version ${row.version}, newer than this build knows; upgrade the sidecar`,
      );
    }
    if (name !== row.name) {
      throw new MigrationError(
        `${component} schema version ${row.version} was applied as "${row.name}" but this build calls it "${name}"`,
      );
    }
  }
}

/**
 * Brings one store's tables to its newest version: applies every migration of `component` not
 * yet recorded in `sidecar_schema_migrations`, in order, each with its history row, in one
 * transaction under the store's migration lock (`cpod.sidecar.<component>`). Idempotent, and safe when several sidecars
 * start at once (the others wait on the lock, then find nothing to do). Append new versions;
 * never edit an applied one. Returns the versions it applied.
 *
 * @example
 *   await applyMigrations(sql, { component: "secrets", migrations: SECRET_MIGRATIONS });
 */
export async function applyMigrations(
  sql: SqlClient,
  opts: { component: string; migrations: readonly Migration[] },
): Promise<number[]> {
  const { component } = opts;
  const ordered = [...opts.migrations].sort((a, b) => a.version - b.version);
  // The store's own lock first (the one sidecars before versioned migrations took), then one
  // shared by every store, so two stores never race to create the history table.
  return withMigrationLock(sql, `cpod.sidecar.${component}`, async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [HISTORY_LOCK]);
    await tx.query(HISTORY);
    const { rows } = await tx.query<AppliedRow>(
      "SELECT version, name FROM sidecar_schema_migrations WHERE component = $1",
      [component],
    );
    checkHistory(component, rows, new Map(ordered.map((m) => [m.version, m.name])));
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const migration of ordered.filter((m) => !done.has(m.version))) {
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query(
        "INSERT INTO sidecar_schema_migrations (component, version, name) VALUES ($1, $2, $3)",
        [component, migration.version, migration.name],
      );
      applied.push(migration.version);
    }
    return applied;
  });
}
