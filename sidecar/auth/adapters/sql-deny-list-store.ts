import {
  applyMigrations,
  type Migration,
  type SqlClient,
  takeAdvisoryLock,
} from "../../../lib/sql/index.js";
import { sidecarSchema } from "../../storage/sidecar-schema.js";
import type { DenyEntry, DenyListStore, StoredDenyEntry } from "../deny-list.js";

/**
 * The deny-list's schema (see `applyMigrations`). Append new versions; never edit an applied one.
 *
 * Times are whole numbers (epoch ms; `issued_before` in epoch seconds like a JWT's `iat`), so
 * every server reads them back identically whatever its time zone.
 */
export const DENY_LIST_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "sidecar_deny_list",
    statements: [
      `CREATE TABLE sidecar_deny_list (
         seq           bigserial PRIMARY KEY,
         kind          text NOT NULL CHECK (kind IN ('jti', 'app')),
         subject       text NOT NULL,
         tenant_id     text NOT NULL,
         issued_before bigint NOT NULL,
         expires_at_ms bigint NOT NULL
       )`,
      "CREATE INDEX sidecar_deny_list_subject ON sidecar_deny_list (kind, subject)",
      "CREATE INDEX sidecar_deny_list_expiry ON sidecar_deny_list (expires_at_ms)",
    ],
  },
];

/** The deny-list store's component of the schema history (see `sidecarSchema`). */
export const DENY_LIST_SCHEMA = sidecarSchema("deny-list", DENY_LIST_MIGRATIONS);

/** Writers serialize on this lock, so `seq` order is commit order (see `add`). */
const WRITE_LOCK = "cpod.sidecar.deny-list.write";

interface EntryRow {
  seq: string | number;
  kind: DenyEntry["kind"];
  subject: string;
  tenant_id: string;
  issued_before: string | number;
  expires_at_ms: string | number;
}

const toEntry = (row: EntryRow): StoredDenyEntry => ({
  seq: Number(row.seq),
  kind: row.kind,
  subject: row.subject,
  tenantId: row.tenant_id,
  issuedBefore: Number(row.issued_before),
  expiresAt: Number(row.expires_at_ms),
});

/**
 * The deny-list in the sidecar's SQL database (PostgreSQL when `CPOD_POSTGRES_URL` is set, else
 * the embedded PostgreSQL): the durable source of truth every replica loads at start and polls.
 *
 * Replicas read `seq > last`. A sequence hands out numbers at insert time, not commit time, so
 * two concurrent writers could commit 12 before 11 and a reader that saw 12 would never see 11.
 * Each write therefore takes a transaction-scoped advisory lock before drawing its number:
 * writes are rare (a revocation, an app deletion), and `seq` order becomes commit order.
 *
 * @example
 *   const store = await SqlDenyListStore.open(sql);
 */
export class SqlDenyListStore implements DenyListStore {
  private constructor(private readonly sql: SqlClient) {}

  /** Migrates (idempotent, under a lock) and returns the store. */
  static async open(sql: SqlClient): Promise<SqlDenyListStore> {
    await applyMigrations(sql, DENY_LIST_SCHEMA);
    return new SqlDenyListStore(sql);
  }

  add(entry: DenyEntry, nowMs: number): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      await takeAdvisoryLock(tx, WRITE_LOCK);
      const { rows } = await tx.query(
        `SELECT 1 FROM sidecar_deny_list
          WHERE kind = $1 AND subject = $2 AND issued_before >= $3
            AND expires_at_ms >= $4 AND expires_at_ms > $5
          LIMIT 1`,
        [entry.kind, entry.subject, entry.issuedBefore, entry.expiresAt, nowMs],
      );
      if (rows.length > 0) return false;
      await tx.query(
        `INSERT INTO sidecar_deny_list (kind, subject, tenant_id, issued_before, expires_at_ms)
         VALUES ($1, $2, $3, $4, $5)`,
        [entry.kind, entry.subject, entry.tenantId, entry.issuedBefore, entry.expiresAt],
      );
      return true;
    });
  }

  async since(after: number, limit: number): Promise<StoredDenyEntry[]> {
    const { rows } = await this.sql.query<EntryRow>(
      `SELECT seq, kind, subject, tenant_id, issued_before, expires_at_ms
         FROM sidecar_deny_list WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, limit],
    );
    return rows.map(toEntry);
  }

  async sweep(beforeMs: number): Promise<number> {
    const { rows } = await this.sql.query(
      "DELETE FROM sidecar_deny_list WHERE expires_at_ms < $1 RETURNING seq",
      [beforeMs],
    );
    return rows.length;
  }
}
