import type { SqlClient } from "../../../../lib/sql/index.js";
import type { IdempotencyStore, IdempotentResponse } from "../control-plane-store.js";
import { date } from "./sql-rows.js";

interface Row {
  request_hash: string;
  status: number;
  body: unknown;
  created_at: Date;
}

/** Answers recorded per `Idempotency-Key` (scoped by operation and path), replayed for 24 h. */
export class SqlIdempotencyStore implements IdempotencyStore {
  constructor(private readonly sql: SqlClient) {}

  async get(scope: string, key: string, since: Date): Promise<IdempotentResponse | undefined> {
    const { rows } = await this.sql.query<Row>(
      `SELECT request_hash, status, body, created_at FROM idempotency_keys
        WHERE scope = $1 AND key = $2 AND created_at >= $3`,
      [scope, key, since],
    );
    const row = rows[0];
    return (
      row && {
        requestHash: row.request_hash,
        status: Number(row.status),
        body: row.body,
        createdAt: date(row.created_at),
      }
    );
  }

  async put(scope: string, key: string, r: IdempotentResponse): Promise<boolean> {
    // A stale row (older than the replay window, not yet purged) is replaced, not a conflict.
    const { rows } = await this.sql.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (scope, key) DO UPDATE
         SET request_hash = $3, status = $4, body = $5, created_at = $6
         WHERE idempotency_keys.created_at < $6 - interval '24 hours'
       RETURNING key`,
      [scope, key, r.requestHash, r.status, JSON.stringify(r.body), r.createdAt],
    );
    return rows.length === 1;
  }

  async purge(before: Date): Promise<number> {
    const { rows } = await this.sql.query(
      "DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING key",
      [before],
    );
    return rows.length;
  }
}
