import { applyMigrations, type SqlClient } from "../../../lib/sql/index.js";
import type { AppendResult, AuditQuery, AuditStore, RecordBuilder } from "../audit-store.js";
import type { SealedRecord } from "../chain.js";
import { type AppendOutcome, GroupCommit, type PendingAppend } from "../group-commit.js";
import { HeadCache } from "../head-cache.js";
import { WriteCombiner } from "../write-combiner.js";
import { appendLocked, appendOnKnownHead, insertRows } from "./sql-audit-append.js";
import { AUDIT_COLUMNS, AUDIT_SCHEMA, type AuditRow, fromRow } from "./sql-audit-rows.js";

const SELECT = `SELECT ${AUDIT_COLUMNS} FROM sidecar_audit_records`;

/**
 * The audit chain in a PostgreSQL table: the embedded default (the embedded PostgreSQL) and the
 * same code on a configured server. Every write holds the transaction-scoped advisory lock of each tenant it writes
 * while it inserts (see sql-audit-insert.ts), so appends serialize per tenant across every
 * process sharing the database; the primary key (tenant_id, sequence_id) is the compare-and-set
 * on the head and the unique (tenant_id, dedup_key) index the one on dedup keys, so a stale view
 * can fail a write but never fork the chain or store a key twice. In-process queues keep one
 * process from holding a pool connection per waiting append.
 *
 * @example
 *   const store = await SqlAuditStore.open(await openPgliteClient());
 */
export class SqlAuditStore implements AuditStore {
  readonly #sql: SqlClient;
  readonly #commits: GroupCommit;
  readonly #heads = new HeadCache();
  readonly #inserts: WriteCombiner<unknown[][]>;

  private constructor(sql: SqlClient) {
    this.#sql = sql;
    this.#commits = new GroupCommit((tenantId, batch) => this.#write(tenantId, batch));
    this.#inserts = new WriteCombiner((rowSets) => insertRows(sql, rowSets.flat()));
  }

  /**
   * One statement when this process knows the tenant's head (it wrote or read it last): the
   * batch goes in as one locked, autocommitted INSERT, shared with the batches of other tenants
   * that were ready meanwhile (measured on PGlite, the embedded engine then: 64 records in
   * 2.6 ms against 5.9 ms for the six-statement transaction, one record in 0.8 ms against
   * 1.5 ms). Without a known head, or when the INSERT finds the head moved or a dedup key
   * stored, the locked transaction reads both and writes.
   */
  async #write(tenantId: string, batch: PendingAppend[]): Promise<AppendOutcome[]> {
    const known = this.#heads.get(tenantId);
    const insert = (rows: unknown[][]) => this.#inserts.submit(rows);
    try {
      const linked =
        (known && (await appendOnKnownHead(insert, tenantId, batch, known))) ||
        (await this.#sql.transaction((tx) => appendLocked(tx, tenantId, batch)));
      this.#heads.set(tenantId, linked.head);
      return linked.outcomes;
    } catch (error) {
      this.#heads.delete(tenantId);
      throw error;
    }
  }

  /** Brings the table to its newest version (see AUDIT_SCHEMA) and returns the store. */
  static async open(sql: SqlClient): Promise<SqlAuditStore> {
    await applyMigrations(sql, AUDIT_SCHEMA);
    return new SqlAuditStore(sql);
  }

  /**
   * Group commit: appends of one tenant that arrive while its previous write runs are written
   * together in the next one (one INSERT for the batch), in arrival order. Each caller still gets
   * its own record or error.
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
