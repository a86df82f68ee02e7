import type { SqlClient } from "../../../lib/sql/index.js";
import { isUniqueViolation } from "../../../lib/sql/index.js";
import { nextLink } from "../audit-store.js";
import { type ChainHead, EMPTY_HEAD, type SealedRecord } from "../chain.js";
import type { AppendOutcome, PendingAppend } from "../group-commit.js";
import { INSERT_LOCKED, insertParams, LOCK_TENANT } from "./sql-audit-insert.js";
import { AUDIT_COLUMNS, type AuditRow, fromRow, toParams } from "./sql-audit-rows.js";

/** A batch linked onto a head: one outcome per append, the rows to insert, the head after them. */
export interface LinkedBatch {
  outcomes: AppendOutcome[];
  rows: unknown[][];
  head: ChainHead;
}

/**
 * Links each append of `batch` onto the previous one in arrival order, starting at `head`. A
 * dedup key found in `stored` or earlier in the batch is answered with that record; a builder
 * that throws fails only its own append and its neighbours link past it.
 */
export function linkBatch(
  tenantId: string,
  batch: PendingAppend[],
  head: ChainHead,
  stored: ReadonlyMap<string, SealedRecord> = new Map(),
): LinkedBatch {
  const byKey = new Map(stored);
  const rows: unknown[][] = [];
  let last = head;
  const outcomes = batch.map((item): AppendOutcome => {
    const earlier = item.dedupKey === undefined ? undefined : byKey.get(item.dedupKey);
    if (earlier) return { ok: { record: earlier, deduplicated: true } };
    try {
      const record = nextLink(item.build, tenantId, last);
      last = record;
      rows.push(toParams(record, item.dedupKey ?? null));
      if (item.dedupKey !== undefined) byKey.set(item.dedupKey, record);
      return { ok: { record, deduplicated: false } };
    } catch (error) {
      return { error };
    }
  });
  return { outcomes, rows, head: last };
}

/** Inserts `rows` (of any tenants) with INSERT_LOCKED; nothing when there are none. */
export async function insertRows(sql: SqlClient, rows: unknown[][]): Promise<void> {
  if (rows.length > 0) await sql.query(INSERT_LOCKED, insertParams(rows));
}

/**
 * The fast path: links `batch` onto the head this process last saw and hands the rows to
 * `insert` (one autocommitted statement, possibly shared with other tenants' rows). Answers
 * undefined when the database refused them as a unique violation — another writer took the next
 * position (primary key) or a dedup key is already stored (unique index) — and nothing of the
 * batch was written.
 */
export async function appendOnKnownHead(
  insert: (rows: unknown[][]) => Promise<void>,
  tenantId: string,
  batch: PendingAppend[],
  head: ChainHead,
): Promise<LinkedBatch | undefined> {
  const linked = linkBatch(tenantId, batch, head);
  try {
    if (linked.rows.length > 0) await insert(linked.rows);
    return linked;
  } catch (error) {
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
}

async function storedByKey(tx: SqlClient, tenantId: string, batch: PendingAppend[]) {
  const keys = batch.flatMap((item) => (item.dedupKey === undefined ? [] : [item.dedupKey]));
  if (keys.length === 0) return new Map<string, SealedRecord>();
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
 * The slow path, for an unknown or stale head: inside `tx`, under the tenant's advisory lock,
 * reads the stored records of the batch's dedup keys and the chain's head, then links and
 * inserts. Every writer holds that lock while it inserts, so nothing moves the head meanwhile.
 */
export async function appendLocked(
  tx: SqlClient,
  tenantId: string,
  batch: PendingAppend[],
): Promise<LinkedBatch> {
  await tx.query(LOCK_TENANT, [tenantId]);
  const stored = await storedByKey(tx, tenantId, batch);
  const linked = linkBatch(tenantId, batch, await readHead(tx, tenantId), stored);
  await insertRows(tx, linked.rows);
  return linked;
}
