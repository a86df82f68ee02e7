import { type SqlClient, withMigrationLock } from "../../storage/sql.js";
import {
  type AppendResult,
  type AuditQuery,
  type AuditStore,
  nextLink,
  type RecordBuilder,
} from "../audit-store.js";
import { EMPTY_HEAD, type SealedRecord } from "../chain.js";
import { KeyedQueue } from "../keyed-queue.js";
import {
  AUDIT_COLUMNS,
  AUDIT_MIGRATION,
  type AuditRow,
  fromRow,
  toParams,
} from "./sql-audit-rows.js";

const SELECT = `SELECT ${AUDIT_COLUMNS} FROM sidecar_audit_records`;
const INSERT = `INSERT INTO sidecar_audit_records (${AUDIT_COLUMNS}, dedup_key)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`;

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
  readonly #queue = new KeyedQueue();

  private constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  /** Creates the table and indexes once (under the migration lock) and returns the store. */
  static async open(sql: SqlClient): Promise<SqlAuditStore> {
    await withMigrationLock(sql, "cpod.sidecar.audit", async (tx) => {
      for (const statement of AUDIT_MIGRATION) await tx.query(statement);
    });
    return new SqlAuditStore(sql);
  }

  append(
    tenantId: string,
    build: RecordBuilder,
    opts: { dedupKey?: string } = {},
  ): Promise<AppendResult> {
    return this.#queue.run(tenantId, () =>
      this.#sql.transaction(async (tx) => {
        await tx.query("SELECT pg_advisory_xact_lock(hashtext('cpod.audit'), hashtext($1))", [
          tenantId,
        ]);
        if (opts.dedupKey !== undefined) {
          const found = await tx.query<AuditRow>(
            `${SELECT} WHERE tenant_id = $1 AND dedup_key = $2`,
            [tenantId, opts.dedupKey],
          );
          if (found.rows[0]) return { record: fromRow(found.rows[0]), deduplicated: true };
        }
        const head = await tx.query<{ sequence_id: string | number; record_hash: string }>(
          `SELECT sequence_id, record_hash FROM sidecar_audit_records
           WHERE tenant_id = $1 ORDER BY sequence_id DESC LIMIT 1`,
          [tenantId],
        );
        const last = head.rows[0];
        const at = last
          ? { sequence_id: Number(last.sequence_id), record_hash: last.record_hash }
          : EMPTY_HEAD;
        const record = nextLink(build, tenantId, at);
        await tx.query(INSERT, toParams(record, opts.dedupKey ?? null));
        return { record, deduplicated: false };
      }),
    );
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
