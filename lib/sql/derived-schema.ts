import { lockOf } from "./migrations.js";
import { checksum, openHistory, readHistory, recordVersion } from "./schema-history.js";
import { type SqlClient, withAdvisoryLock } from "./sql-client.js";

/**
 * A schema computed from code rather than written as numbered steps — the gateway's per-type
 * entity indexes, which follow the generated entity types. Its statements must be additive and
 * idempotent (`CREATE … IF NOT EXISTS`), because the same shape may be brought again by an older
 * instance during a rolling upgrade, and nothing is ever dropped on its behalf (dropping is a
 * hand-written migration's job).
 *
 * Why not numbered steps generated from the types: adding a type in the middle of the contract
 * would renumber every step after it, so a history of generated versions could not be checked.
 * Instead each distinct shape (the checksum of its statements) the database has been brought to
 * is one version in `cpod_schema_history`, numbered in the order it first arrived.
 */
export interface DerivedSchema {
  /** The component's name in the history, e.g. `gateway.entity-indexes`. */
  component: string;
  /** A name for humans, recorded with each shape. */
  name: string;
  statements: readonly string[];
  /** As {@link SchemaComponent.lockKey}. */
  lockKey?: string;
}

/**
 * Brings a derived schema to the code's shape: when no recorded version has this shape's
 * checksum, runs its statements and records it as the next version, under the component's
 * advisory lock; otherwise does nothing. A shape seen before needs nothing, since statements are
 * additive: whatever came after it kept its objects. Returns the version recorded, if any.
 *
 * @example
 *   await applyDerivedSchema(sql, { component: "gateway.entity-indexes", name: "indexes", statements });
 */
export async function applyDerivedSchema(
  sql: SqlClient,
  spec: DerivedSchema,
): Promise<number | undefined> {
  const sum = checksum(spec.statements);
  return withAdvisoryLock(sql, lockOf(spec), async (tx) => {
    await openHistory(tx);
    const rows = await readHistory(tx, spec.component);
    if (rows.some((r) => r.checksum === sum)) return undefined;
    for (const statement of spec.statements) await tx.query(statement);
    const version = Math.max(0, ...rows.map((r) => r.version)) + 1;
    await recordVersion(tx, spec.component, { version, name: spec.name, checksum: sum });
    return version;
  });
}
