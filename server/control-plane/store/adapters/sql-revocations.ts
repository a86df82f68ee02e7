import type { SqlClient } from "../../../../lib/sql/index.js";
import type { AccessTokenRef, RevokedTokenStore } from "../control-plane-store.js";

/**
 * Revoked access-token ids, kept until the token would have expired. The sidecar's deny-list is
 * what the gateway consults; this copy lets introspection answer `active: false` at once and
 * survives a sidecar that was down when the revocation happened.
 */
export class SqlRevokedTokenStore implements RevokedTokenStore {
  constructor(private readonly sql: SqlClient) {}

  async add(token: AccessTokenRef): Promise<boolean> {
    const { rows } = await this.sql.query(
      `INSERT INTO revoked_tokens (jti, tenant_id, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (jti) DO NOTHING RETURNING jti`,
      [token.jti, token.tenantId, token.exp],
    );
    return rows.length === 1;
  }

  async isRevoked(jti: string): Promise<boolean> {
    const { rows } = await this.sql.query("SELECT 1 FROM revoked_tokens WHERE jti = $1", [jti]);
    return rows.length > 0;
  }

  async purge(before: Date): Promise<number> {
    const { rows } = await this.sql.query(
      "DELETE FROM revoked_tokens WHERE expires_at < $1 RETURNING jti",
      [before],
    );
    return rows.length;
  }
}
