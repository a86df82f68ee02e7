import type { SqlClient } from "../../../../lib/sql/index.js";
import type {
  App,
  AppCredentials,
  AppStore,
  AppType,
  Page,
  PageQuery,
  TenantStatus,
} from "../control-plane-store.js";
import { date, dateOrNull, pageOf } from "./sql-rows.js";

interface AppRow {
  client_id: string;
  seq: unknown;
  tenant_id: string;
  name: string;
  declared_scopes: string[];
  app_type: AppType;
  created_at: Date;
  secret_rotated_at: Date | null;
}

const COLUMNS =
  "a.client_id, a.seq, a.tenant_id, a.name, a.declared_scopes, a.app_type, a.created_at, a.secret_rotated_at";

const toApp = (row: AppRow): App => ({
  clientId: row.client_id,
  tenantId: row.tenant_id,
  name: row.name,
  declaredScopes: [...row.declared_scopes],
  appType: row.app_type,
  createdAt: date(row.created_at),
  secretRotatedAt: dateOrNull(row.secret_rotated_at),
});

/**
 * Apps in SQL. A deleted app keeps its row (without the hash) so its client_id is never reused:
 * tokens issued to it may still be live, and a new app must not inherit its identity.
 */
export class SqlAppStore implements AppStore {
  constructor(private readonly sql: SqlClient) {}

  async insert(app: App, secretHash: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      `INSERT INTO apps (client_id, tenant_id, name, declared_scopes, app_type, secret_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (client_id) DO NOTHING
       RETURNING client_id`,
      [
        app.clientId,
        app.tenantId,
        app.name,
        app.declaredScopes,
        app.appType,
        secretHash,
        app.createdAt,
      ],
    );
    return rows.length === 1;
  }

  async get(clientId: string): Promise<App | undefined> {
    const { rows } = await this.sql.query<AppRow>(
      `SELECT ${COLUMNS} FROM apps a WHERE a.client_id = $1 AND a.deleted_at IS NULL`,
      [clientId],
    );
    return rows[0] && toApp(rows[0]);
  }

  async credentials(clientId: string): Promise<AppCredentials | undefined> {
    const { rows } = await this.sql.query<AppRow & { secret_hash: string; status: TenantStatus }>(
      `SELECT ${COLUMNS}, a.secret_hash, t.status
         FROM apps a JOIN tenants t ON t.id = a.tenant_id
        WHERE a.client_id = $1 AND a.deleted_at IS NULL AND a.secret_hash IS NOT NULL`,
      [clientId],
    );
    const row = rows[0];
    return row && { ...toApp(row), secretHash: row.secret_hash, tenantStatus: row.status };
  }

  async list(query: PageQuery & { tenantId?: string }): Promise<Page<App>> {
    const { rows } = await this.sql.query<AppRow>(
      `SELECT ${COLUMNS} FROM apps a
        WHERE a.deleted_at IS NULL AND a.seq > $1 AND ($3::text IS NULL OR a.tenant_id = $3)
        ORDER BY a.seq LIMIT $2`,
      [query.after, query.limit + 1, query.tenantId ?? null],
    );
    return pageOf(rows, query.limit, toApp);
  }

  async delete(clientId: string, at: Date): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE apps SET deleted_at = $2, secret_hash = NULL
        WHERE client_id = $1 AND deleted_at IS NULL
        RETURNING client_id`,
      [clientId, at],
    );
    return rows.length === 1;
  }

  async replaceSecret(clientId: string, secretHash: string, at: Date): Promise<App | undefined> {
    const { rows } = await this.sql.query<AppRow>(
      `UPDATE apps a SET secret_hash = $2, secret_rotated_at = $3
        WHERE a.client_id = $1 AND a.deleted_at IS NULL
        RETURNING ${COLUMNS}`,
      [clientId, secretHash, at],
    );
    return rows[0] && toApp(rows[0]);
  }
}
