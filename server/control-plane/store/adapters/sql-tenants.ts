import type { SqlClient } from "../../../../lib/sql/index.js";
import type {
  Page,
  PageQuery,
  Tenant,
  TenantChanges,
  TenantLimitOverrides,
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
  limit_requests_per_window: number | null;
  limit_window_seconds: number | null;
  created_at: Date;
}

const COLUMNS =
  "id, seq, name, plan, status, limit_requests_per_window, limit_window_seconds, created_at";

/** The override columns as one object; null when neither is set. */
function limitsOf(row: TenantRow): TenantLimitOverrides | null {
  const limits: TenantLimitOverrides = {};
  if (row.limit_requests_per_window !== null)
    limits.requestsPerWindow = row.limit_requests_per_window;
  if (row.limit_window_seconds !== null) limits.windowSeconds = row.limit_window_seconds;
  return Object.keys(limits).length === 0 ? null : limits;
}

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  plan: row.plan,
  status: row.status,
  limits: limitsOf(row),
  createdAt: date(row.created_at),
});

/** Tenants in SQL; `seq` gives lists a stable creation order for keyset paging. */
export class SqlTenantStore implements TenantStore {
  constructor(private readonly sql: SqlClient) {}

  async insert(tenant: Tenant): Promise<void> {
    await this.sql.query(
      `INSERT INTO tenants
         (id, name, plan, status, limit_requests_per_window, limit_window_seconds, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        tenant.id,
        tenant.name,
        tenant.plan,
        tenant.status,
        tenant.limits?.requestsPerWindow ?? null,
        tenant.limits?.windowSeconds ?? null,
        tenant.createdAt,
      ],
    );
  }

  async get(id: string): Promise<Tenant | undefined> {
    return this.#one(`SELECT ${COLUMNS} FROM tenants WHERE id = $1`, [id]);
  }

  async getForUpdate(id: string): Promise<Tenant | undefined> {
    return this.#one(`SELECT ${COLUMNS} FROM tenants WHERE id = $1 FOR UPDATE`, [id]);
  }

  async list(query: PageQuery): Promise<Page<Tenant>> {
    const { rows } = await this.sql.query<TenantRow>(
      `SELECT ${COLUMNS} FROM tenants WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [query.after, query.limit + 1],
    );
    return pageOf(rows, query.limit, toTenant);
  }

  /** One statement: absent fields keep their column (`$4` says whether limits were given). */
  async update(id: string, changes: TenantChanges): Promise<Tenant | undefined> {
    const limits = changes.limits;
    return this.#one(
      `UPDATE tenants
          SET name = COALESCE($2::text, name),
              plan = COALESCE($3::text, plan),
              limit_requests_per_window =
                CASE WHEN $4::boolean THEN $5::integer ELSE limit_requests_per_window END,
              limit_window_seconds =
                CASE WHEN $4::boolean THEN $6::integer ELSE limit_window_seconds END
        WHERE id = $1
        RETURNING ${COLUMNS}`,
      [
        id,
        changes.name ?? null,
        changes.plan ?? null,
        limits !== undefined,
        limits?.requestsPerWindow ?? null,
        limits?.windowSeconds ?? null,
      ],
    );
  }

  async suspend(id: string, at: Date): Promise<Tenant | undefined> {
    return this.#one(
      `UPDATE tenants
          SET status = 'suspended', suspended_at = COALESCE(suspended_at, $2)
        WHERE id = $1
        RETURNING ${COLUMNS}`,
      [id, at],
    );
  }

  async resume(id: string): Promise<Tenant | undefined> {
    return this.#one(
      `UPDATE tenants SET status = 'active', suspended_at = NULL
        WHERE id = $1
        RETURNING ${COLUMNS}`,
      [id],
    );
  }

  async #one(text: string, params: unknown[]): Promise<Tenant | undefined> {
    const { rows } = await this.sql.query<TenantRow>(text, params);
    return rows[0] && toTenant(rows[0]);
  }
}
