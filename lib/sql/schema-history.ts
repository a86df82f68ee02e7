import { createHash } from "node:crypto";
import { assertSchemaName, type SqlClient, takeAdvisoryLock } from "./sql-client.js";

/**
 * One history for every SQL schema of every program: a row per (component, version) a database
 * has been brought to. Components (`control-plane`, `sidecar.secrets`, `gateway.entities`, …)
 * never read each other's rows, so programs sharing a database and schema can each refuse a
 * version they do not know without tripping over the others'. The table lives in the first
 * schema on `search_path`, next to the tables it describes (one history per schema).
 */
const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS cpod_schema_history (
  component  text NOT NULL,
  version    integer NOT NULL,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (component, version)
)`;

/**
 * Taken after a component's own lock (never before, so no two runners wait on each other in
 * opposite orders): components migrating at once never race to create the history table.
 */
const HISTORY_LOCK = "cpod.schema-history";

/** A version as recorded. */
export interface HistoryRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * A fingerprint of a migration's statements, whitespace-insensitive (re-indenting a statement
 * is not a change), so editing an applied migration is caught instead of silently diverging.
 */
export function checksum(statements: readonly string[]): string {
  const hash = createHash("sha256");
  for (const statement of statements) hash.update(`${statement.replace(/\s+/g, " ").trim()};\n`);
  return hash.digest("hex");
}

/** Takes the history lock and creates the table if this database has none yet. */
export async function openHistory(tx: SqlClient): Promise<void> {
  await takeAdvisoryLock(tx, HISTORY_LOCK);
  await tx.query(CREATE_HISTORY);
}

/** The versions `component` has recorded, oldest first. */
export async function readHistory(tx: SqlClient, component: string): Promise<HistoryRow[]> {
  const { rows } = await tx.query<HistoryRow>(
    "SELECT version, name, checksum FROM cpod_schema_history WHERE component = $1 ORDER BY version",
    [component],
  );
  return rows.map((r) => ({ ...r, version: Number(r.version) }));
}

/** Records one version of `component`; `appliedAt` keeps an imported row's original time. */
export async function recordVersion(
  tx: SqlClient,
  component: string,
  row: HistoryRow & { appliedAt?: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO cpod_schema_history (component, version, name, checksum, applied_at)
     VALUES ($1, $2, $3, $4, COALESCE($5::timestamptz, now()))`,
    [component, row.version, row.name, row.checksum, row.appliedAt ?? null],
  );
}

/**
 * Where a build from before `cpod_schema_history` recorded a component: the control plane's
 * `schema_migrations (version, name, applied_at)`, or the sidecar's
 * `sidecar_schema_migrations (component, version, name, applied_at)` with the store's old name.
 */
export interface LegacyHistory {
  table: string;
  /** The component's name in a legacy table keyed by component. */
  component?: string;
}

/** A legacy row: what the old runner recorded (it kept no checksum). */
export interface LegacyRow {
  version: number;
  name: string;
  applied_at: Date;
}

/** The legacy table's rows for the component, or none when this database never had the table. */
export async function readLegacyHistory(
  tx: SqlClient,
  legacy: LegacyHistory,
): Promise<LegacyRow[]> {
  const table = assertSchemaName(legacy.table);
  const found = await tx.query<{ present: boolean }>(
    "SELECT to_regclass($1) IS NOT NULL AS present",
    [table],
  );
  if (!found.rows[0]?.present) return [];
  const keyed = legacy.component !== undefined;
  const { rows } = await tx.query<LegacyRow>(
    `SELECT version, name, applied_at FROM ${table}${keyed ? " WHERE component = $1" : ""} ORDER BY version`,
    keyed ? [legacy.component] : [],
  );
  return rows.map((r) => ({ ...r, version: Number(r.version) }));
}
