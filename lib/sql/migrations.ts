import {
  checksum,
  type HistoryRow,
  type LegacyHistory,
  openHistory,
  readHistory,
  readLegacyHistory,
  recordVersion,
} from "./schema-history.js";
import { type SqlClient, withAdvisoryLock } from "./sql-client.js";

export type { LegacyHistory } from "./schema-history.js";

/** One schema version: its number, a name for humans, and the statements that create it. */
export interface Migration {
  version: number;
  name: string;
  /**
   * One statement per entry: each is one `query` call (PostgreSQL's extended protocol, which
   * parameterized calls use, takes one statement at a time).
   */
  statements: readonly string[];
}

/**
 * One program's share of a database, migrated on its own: its versions, the advisory lock it
 * migrates under and, for components older than `cpod_schema_history`, where their versions
 * were recorded before. Append new versions; never edit an applied one.
 */
export interface SchemaComponent {
  /** The component's name in the history, e.g. `control-plane`, `sidecar.secrets`. */
  component: string;
  migrations: readonly Migration[];
  /**
   * The lock instances of this component migrate under; default `cpod.schema.<component>`.
   * Components that existed before keep the name their older builds take, so an old and a new
   * instance starting together during a rolling upgrade still never race.
   */
  lockKey?: string;
  /** The history a build before `cpod_schema_history` kept; imported once, then left as is. */
  legacyHistory?: LegacyHistory;
}

/** A database newer than this build, or a history that differs from the code. */
export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

/** The advisory lock a component migrates under (see {@link SchemaComponent.lockKey}). */
export const lockOf = (spec: { component: string; lockKey?: string }): string =>
  spec.lockKey ?? `cpod.schema.${spec.component}`;

type Known = Map<number, Migration & { checksum: string }>;

function checkHistory(component: string, applied: readonly HistoryRow[], known: Known): void {
  for (const row of applied) {
    const code = known.get(row.version);
    if (code === undefined) {
      throw new MigrationError(
        `${component} schema is at version ${row.version}, newer than this build knows; upgrade the program`,
      );
    }
    if (code.name !== row.name) {
      throw new MigrationError(
        `${component} schema version ${row.version} was applied as "${row.name}" but this build calls it "${code.name}"`,
      );
    }
    if (code.checksum !== row.checksum) {
      throw new MigrationError(
        `${component} schema version ${row.version} ("${row.name}") was applied with other statements than this build's; append a new version instead of editing an applied one`,
      );
    }
  }
}

/**
 * The first run of this runner on a database an older build migrated: its legacy rows, checked
 * like any history (a version the code does not know, or knows by another name, is refused),
 * are copied into `cpod_schema_history` with the code's checksums and their original times.
 */
async function importLegacy(tx: SqlClient, spec: SchemaComponent, known: Known) {
  if (!spec.legacyHistory) return [];
  const legacy = await readLegacyHistory(tx, spec.legacyHistory);
  const rows = legacy.map((r) => ({ ...r, checksum: known.get(r.version)?.checksum ?? "" }));
  checkHistory(spec.component, rows, known);
  for (const row of rows) {
    await recordVersion(tx, spec.component, { ...row, appliedAt: row.applied_at });
  }
  return rows;
}

function knownVersions(migrations: readonly Migration[]): Known {
  const known: Known = new Map();
  for (const m of migrations) {
    if (known.has(m.version)) throw new TypeError(`migration version ${m.version} appears twice`);
    known.set(m.version, { ...m, checksum: checksum(m.statements) });
  }
  return known;
}

/**
 * Brings one component to its newest version: applies every migration not yet recorded in
 * `cpod_schema_history`, in version order, each with its history row, all in one transaction
 * under the component's advisory lock. Idempotent (a second run applies nothing) and safe when
 * several instances start at once (the others wait on the lock, then find nothing to do).
 * Refuses a database at a version this build does not know, or whose recorded name or
 * statements differ from the code's. Returns the versions it applied.
 *
 * @example
 *   await applyMigrations(sql, { component: "sidecar.secrets", migrations: SECRET_MIGRATIONS });
 */
export async function applyMigrations(sql: SqlClient, spec: SchemaComponent): Promise<number[]> {
  const known = knownVersions(spec.migrations);
  return withAdvisoryLock(sql, lockOf(spec), async (tx) => {
    await openHistory(tx);
    let rows = await readHistory(tx, spec.component);
    if (rows.length === 0) rows = await importLegacy(tx, spec, known);
    checkHistory(spec.component, rows, known);
    const done = new Set(rows.map((r) => r.version));
    const missing = [...known.values()]
      .filter((m) => !done.has(m.version))
      .sort((a, b) => a.version - b.version);
    for (const m of missing) {
      for (const statement of m.statements) await tx.query(statement);
      await recordVersion(tx, spec.component, m);
    }
    return missing.map((m) => m.version);
  });
}
