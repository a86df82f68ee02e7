import { type SqlClient, withAdvisoryLock } from "./sql.js";

/** One schema version: its number, a name for humans, and the statements that create it. */
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

function checkHistory(applied: AppliedRow[], migrations: readonly Migration[]): void {
  const known = new Map(migrations.map((m) => [m.version, m.name]));
  for (const row of applied) {
    const name = known.get(Number(row.version));
    if (name === undefined) {
      throw new MigrationError(
        `database is at schema version ${row.version}, newer than this build knows; upgrade the program`,
      );
    }
    if (name !== row.name) {
      throw new MigrationError(
        `schema version ${row.version} was applied as "${row.name}" but this build calls it "${name}"`,
      );
    }
  }
}

/**
 * Brings the database to the newest version: applies every migration not yet recorded in
 * `schema_migrations`, in order, each with its history row, all in one transaction under an
 * advisory lock named `lockKey`. Idempotent (a second run applies nothing) and safe when several
 * instances start at once (the others wait on the lock, then find nothing to do). Returns the
 * versions it applied.
 *
 * @example
 *   await applyMigrations(sql, { lockKey: "cpod.control-plane", migrations: MIGRATIONS });
 */
export async function applyMigrations(
  sql: SqlClient,
  opts: { lockKey: string; migrations: readonly Migration[] },
): Promise<number[]> {
  const ordered = [...opts.migrations].sort((a, b) => a.version - b.version);
  return withAdvisoryLock(sql, opts.lockKey, async (tx) => {
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await tx.query<AppliedRow>("SELECT version, name FROM schema_migrations");
    checkHistory(rows, ordered);
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const migration of ordered.filter((m) => !done.has(m.version))) {
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
