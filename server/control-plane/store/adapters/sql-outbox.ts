import type { SqlClient } from "../../../../lib/sql/index.js";
import type { OutboxMessage, OutboxStore } from "../control-plane-store.js";
import { date } from "./sql-rows.js";

interface OutboxRow {
  id: string;
  kind: OutboxMessage["kind"];
  tenant_id: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

/**
 * The durable queue of messages for the sidecar (audit records, revocations). Written in the
 * same transaction as the change it reports, so an admin action and its audit record commit or
 * vanish together; drained in insertion order by the relay.
 */
export class SqlOutboxStore implements OutboxStore {
  constructor(private readonly sql: SqlClient) {}

  async add(m: OutboxMessage): Promise<void> {
    await this.sql.query(
      "INSERT INTO outbox (id, kind, tenant_id, payload, created_at) VALUES ($1, $2, $3, $4, $5)",
      [m.id, m.kind, m.tenantId, JSON.stringify(m.payload), m.createdAt],
    );
  }

  async peek(limit: number): Promise<OutboxMessage[]> {
    const { rows } = await this.sql.query<OutboxRow>(
      "SELECT id, kind, tenant_id, payload, created_at FROM outbox ORDER BY seq LIMIT $1",
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      tenantId: r.tenant_id,
      payload: r.payload,
      createdAt: date(r.created_at),
    }));
  }

  async remove(id: string): Promise<void> {
    await this.sql.query("DELETE FROM outbox WHERE id = $1", [id]);
  }

  async has(id: string): Promise<boolean> {
    const { rows } = await this.sql.query("SELECT 1 FROM outbox WHERE id = $1", [id]);
    return rows.length > 0;
  }

  async recordFailure(id: string, error: string): Promise<void> {
    await this.sql.query(
      "UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1",
      [id, error.slice(0, 500)],
    );
  }

  async lease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const until = new Date(now.getTime() + ttlMs);
    const { rows } = await this.sql.query(
      `INSERT INTO leases (name, holder, until) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = $2, until = $3
        WHERE leases.holder = $2 OR leases.until < $4
       RETURNING holder`,
      [name, holder, until, now],
    );
    return rows.length === 1;
  }
}
