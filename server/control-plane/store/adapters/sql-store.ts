import { applyMigrations, type SqlClient, takeAdvisoryLock } from "../../../../lib/sql/index.js";
import type { ControlPlaneStore } from "../control-plane-store.js";
import { CONTROL_PLANE_SCHEMA } from "./migrations.js";
import { SqlAppStore } from "./sql-apps.js";
import { SqlIdempotencyStore } from "./sql-idempotency.js";
import { SqlKeyStore } from "./sql-keys.js";
import { SqlOutboxStore } from "./sql-outbox.js";
import { SqlRefreshTokenStore } from "./sql-refresh-tokens.js";
import { SqlRevokedTokenStore } from "./sql-revocations.js";
import { SqlTenantStore } from "./sql-tenants.js";

/**
 * The control plane's store on PostgreSQL through the SqlClient port: real PostgreSQL (`pg`) in
 * production, the embedded PostgreSQL in dev. Every statement is parameterized.
 *
 * @example
 *   const store = await SqlControlPlaneStore.open(await openPgClient(url, { schema: "control_plane" }));
 */
export class SqlControlPlaneStore implements ControlPlaneStore {
  readonly tenants: SqlTenantStore;
  readonly apps: SqlAppStore;
  readonly keys: SqlKeyStore;
  readonly refreshTokens: SqlRefreshTokenStore;
  readonly revocations: SqlRevokedTokenStore;
  readonly outbox: SqlOutboxStore;
  readonly idempotency: SqlIdempotencyStore;

  private constructor(
    private readonly sql: SqlClient,
    private readonly owned: boolean,
  ) {
    this.tenants = new SqlTenantStore(sql);
    this.apps = new SqlAppStore(sql);
    this.keys = new SqlKeyStore(sql);
    this.refreshTokens = new SqlRefreshTokenStore(sql);
    this.revocations = new SqlRevokedTokenStore(sql);
    this.outbox = new SqlOutboxStore(sql);
    this.idempotency = new SqlIdempotencyStore(sql);
  }

  /**
   * Applies pending migrations (versioned, under an advisory lock) and returns the store. With
   * `owned`, `close()` also closes the SqlClient.
   */
  static async open(sql: SqlClient, opts: { owned?: boolean } = {}): Promise<SqlControlPlaneStore> {
    await applyMigrations(sql, CONTROL_PLANE_SCHEMA);
    return new SqlControlPlaneStore(sql, opts.owned ?? false);
  }

  transaction<T>(fn: (tx: ControlPlaneStore) => Promise<T>): Promise<T> {
    return this.sql.transaction((tx) => fn(new SqlControlPlaneStore(tx, false)));
  }

  async lock(name: string): Promise<void> {
    await takeAdvisoryLock(this.sql, name);
  }

  async ping(): Promise<void> {
    await this.sql.query("SELECT 1");
  }

  async close(): Promise<void> {
    if (this.owned) await this.sql.close();
  }
}
