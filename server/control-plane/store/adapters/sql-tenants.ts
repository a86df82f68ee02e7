import type { SqlClient } from "../../../../lib/sql/index.js";
import type {
  Page,
  PageQuery,
  Tenant,
  TenantPlan,
  TenantStatus,
  TenantStore,
} from "../control-plane-store.js";
import { date, pageOf } from "./sql-rows.js";

interface TenantRow {
  id: string;
  seq: unknown;
  name: string;
  plan: TenantPlan;
  status: TenantStatus;
  created_at: Date;
}

const COLUMNS = "id, seq, name, plan, status, created_at";

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  plan: row.plan,
  status: row.status,
  createdAt: date(row.created_at),
});

/** Tenants in SQL; `seq` gives lists a stable creation order for keyset paging. */
export class SqlTenantStore implements TenantStore {
  constructor(private readonly sql: SqlClient) {}

  async insert(tenant: Tenant): Promise<void> {
    await this.sql.query(
      "INSERT INTO tenants (id, name, plan, status, created_at) VALUES ($1, $2, $3, $4, $5)",
      [tenant.id, tenant.name, tenant.plan, tenant.status, tenant.createdAt],
    );
  }

  async get(id: string): Promise<Tenant | undefined> {
    const { rows } = await this.sql.query<TenantRow>(
      `SELECT ${COLUMNS} FROM tenants WHERE id = $1`,
      [id],
    );
    return rows[0] && toTenant(rows[0]);
  }

  async list(query: PageQuery): Promise<Page<Tenant>> {
    const { rows } = await this.sql.query<TenantRow>(
      `SELECT ${COLUMNS} FROM tenants WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [query.after, query.limit + 1],
    );
    return pageOf(rows, query.limit, toTenant);
  }

  async suspend(id: string, at: Date): Promise<Tenant | undefined> {
    const { rows } = await this.sql.query<TenantRow>(
      `UPDATE tenants
          SET status = 'suspended', suspended_at = COALESCE(suspended_at, $2)
        WHERE id = $1
        RETURNING ${COLUMNS}`,
      [id, at],
    );
    return rows[0] && toTenant(rows[0]);
  }
}
