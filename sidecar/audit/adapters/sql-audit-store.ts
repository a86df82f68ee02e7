import { type SqlClient, withMigrationLock } from "../../storage/sql.js";
import {
  type AppendResult,
  type AuditQuery,
  type AuditStore,
  nextLink,
  type RecordBuilder,
} from "../audit-store.js";
import { type ChainHead, EMPTY_HEAD, type SealedRecord } from "../chain.js";
import { type AppendOutcome, GroupCommit, type PendingAppend } from "../group-commit.js";
import {
  AUDIT_COLUMNS,
  AUDIT_MIGRATION,
  type AuditRow,
  fromRow,
  toParams,
} from "./sql-audit-rows.js";

const SELECT = `SELECT ${AUDIT_COLUMNS} FROM sidecar_audit_records`;
/** Columns per row in the INSERT: AUDIT_COLUMNS plus dedup_key. */
const WIDTH = 17;

/** `INSERT … VALUES ($1…$17), ($18…$34), …` for `rows` records. */
function insertSql(rows: number): string {
  const tuples = Array.from({ length: rows }, (_, r) => {
    const cells = Array.from({ length: WIDTH }, (_, c) => `$${r * WIDTH + c + 1}`);
    return `(${cells.join(", ")})`;
  });
  return `INSERT INTO sidecar_audit_records (${AUDIT_COLUMNS}, dedup_key) VALUES ${tuples.join(", ")}`;
}

/** Records already stored under any of `keys`, by key. */
async function storedByKey(
  tx: SqlClient,
  tenantId: string,
  keys: string[],
): Promise<Map<string, SealedRecord>> {
  if (keys.length === 0) return new Map();
  const found = await tx.query<AuditRow & { dedup_key: string }>(
    `SELECT ${AUDIT_COLUMNS}, dedup_key FROM sidecar_audit_records
     WHERE tenant_id = $1 AND dedup_key = ANY($2::text[])`,
    [tenantId, keys],
  );
  return new Map(found.rows.map((row) => [row.dedup_key, fromRow(row)]));
}

async function readHead(tx: SqlClient, tenantId: string): Promise<ChainHead> {
  const head = await tx.query<{ sequence_id: string | number; record_hash: string }>(
    `SELECT sequence_id, record_hash FROM sidecar_audit_records
     WHERE tenant_id = $1 ORDER BY sequence_id DESC LIMIT 1`,
    [tenantId],
  );
  const last = head.rows[0];
  return last
    ? { sequence_id: Number(last.sequence_id), record_hash: last.record_hash }
    : EMPTY_HEAD;
}

/**
 * One transaction for a batch of one tenant's appends, under the tenant's advisory lock: links
 * each new record onto the previous one in arrival order, answers a dedup key seen before (in
 * the table or earlier in the batch) with that record, and inserts the new ones in one
 * statement. A builder that throws fails only its own append.
 */
async function appendBatch(
  tx: SqlClient,
  tenantId: string,
  batch: PendingAppend[],
): Promise<AppendOutcome[]> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('cpod.audit'), hashtext($1))", [tenantId]);
  const keys = batch.flatMap((item) => (item.dedupKey === undefined ? [] : [item.dedupKey]));
  const byKey = await storedByKey(tx, tenantId, keys);
  let head = await readHead(tx, tenantId);
  const params: unknown[] = [];
  const outcomes = batch.map((item): AppendOutcome => {
    const earlier = item.dedupKey === undefined ? undefined : byKey.get(item.dedupKey);
    if (earlier) return { ok: { record: earlier, deduplicated: true } };
    try {
      const record = nextLink(item.build, tenantId, head);
      head = record;
      params.push(...toParams(record, item.dedupKey ?? null));
      if (item.dedupKey !== undefined) byKey.set(item.dedupKey, record);
      return { ok: { record, deduplicated: false } };
    } catch (error) {
      return { error };
    }
  });
  if (params.length > 0) await tx.query(insertSql(params.length / WIDTH), params);
  return outcomes;
}

/**
 * The audit chain in a PostgreSQL table: the embedded default on PGlite and the same code on a
 * real server. Appends serialize per tenant across every process sharing the database with a
 * transaction-scoped advisory lock on the tenant (two-key form, so it never collides with the
 * one-key migration locks); the primary key (tenant_id, sequence_id) backs it up, so a bug can
 * fail an append but never fork the chain. An in-process queue keeps one process from holding
 * a pool connection per waiting append.
 *
 * @example
 *   const store = await SqlAuditStore.open(await openPgliteClient());
 */
export class SqlAuditStore implements AuditStore {
  readonly #sql: SqlClient;
  readonly #commits: GroupCommit;

  private constructor(sql: SqlClient) {
    this.#sql = sql;
    this.#commits = new GroupCommit((tenantId, batch) =>
      sql.transaction((tx) => appendBatch(tx, tenantId, batch)),
    );
  }

  /** Creates the table and indexes once (under the migration lock) and returns the store. */
  static async open(sql: SqlClient): Promise<SqlAuditStore> {
    await withMigrationLock(sql, "cpod.sidecar.audit", async (tx) => {
      for (const statement of AUDIT_MIGRATION) await tx.query(statement);
    });
    return new SqlAuditStore(sql);
  }

  /**
   * Group commit: appends of one tenant that arrive while its previous transaction runs are
   * written together in the next one (lock, dedup lookup and head read once, one multi-row
   * INSERT), in arrival order. Each caller still gets its own record or error.
   */
  append(
    tenantId: string,
    build: RecordBuilder,
    opts: { dedupKey?: string } = {},
  ): Promise<AppendResult> {
    return this.#commits.append(tenantId, build, opts.dedupKey);
  }

  async query(q: AuditQuery): Promise<SealedRecord[]> {
    const where = ["tenant_id = $1", "sequence_id > $2"];
    const params: unknown[] = [q.tenantId, q.afterSequence];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(`${clause} $${params.length}`);
    };
    if (q.from !== undefined) add("ts >=", q.from);
    if (q.to !== undefined) add("ts <", q.to);
    if (q.action !== undefined) add("action =", q.action);
    params.push(q.limit);
    const sql = `${SELECT} WHERE ${where.join(" AND ")} ORDER BY sequence_id LIMIT $${params.length}`;
    return (await this.#sql.query<AuditRow>(sql, params)).rows.map(fromRow);
  }

  async range(tenantId: string, afterSequence: number, limit: number): Promise<SealedRecord[]> {
    return this.query({ tenantId, afterSequence, limit });
  }

  async ping(): Promise<void> {
    await this.#sql.query("SELECT 1 FROM sidecar_audit_records LIMIT 1");
  }

  /** The SqlClient belongs to the composition root, which closes it. */
  async close(): Promise<void> {}
}
