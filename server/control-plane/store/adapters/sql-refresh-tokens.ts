import type { SqlClient } from "../../../../lib/sql/index.js";
import type {
  AccessTokenRef,
  RefreshTokenRecord,
  RefreshTokenStore,
} from "../control-plane-store.js";
import { date, dateOrNull } from "./sql-rows.js";

interface RefreshRow {
  token_hash: string;
  family_id: string;
  client_id: string;
  tenant_id: string;
  user_id: string;
  scope: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  access_jti: string;
  access_exp: Date;
}

const toRecord = (row: RefreshRow): RefreshTokenRecord => ({
  tokenHash: row.token_hash,
  familyId: row.family_id,
  clientId: row.client_id,
  tenantId: row.tenant_id,
  userId: row.user_id,
  scope: row.scope,
  createdAt: date(row.created_at),
  expiresAt: date(row.expires_at),
  usedAt: dateOrNull(row.used_at),
  revokedAt: dateOrNull(row.revoked_at),
  accessJti: row.access_jti,
  accessExp: date(row.access_exp),
});

/** Refresh tokens in SQL, by hash only: a database dump holds no usable refresh token. */
export class SqlRefreshTokenStore implements RefreshTokenStore {
  constructor(private readonly sql: SqlClient) {}

  async insert(t: RefreshTokenRecord): Promise<void> {
    await this.sql.query(
      `INSERT INTO refresh_tokens (token_hash, family_id, client_id, tenant_id, user_id, scope,
         created_at, expires_at, used_at, revoked_at, access_jti, access_exp)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        t.tokenHash,
        t.familyId,
        t.clientId,
        t.tenantId,
        t.userId,
        t.scope,
        t.createdAt,
        t.expiresAt,
        t.usedAt,
        t.revokedAt,
        t.accessJti,
        t.accessExp,
      ],
    );
  }

  async getForUpdate(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const { rows } = await this.sql.query<RefreshRow>(
      "SELECT * FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE",
      [tokenHash],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async get(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const { rows } = await this.sql.query<RefreshRow>(
      "SELECT * FROM refresh_tokens WHERE token_hash = $1",
      [tokenHash],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async markUsed(tokenHash: string, at: Date): Promise<void> {
    await this.sql.query("UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1", [
      tokenHash,
      at,
    ]);
  }

  async revokeFamily(familyId: string, at: Date): Promise<AccessTokenRef[]> {
    const { rows } = await this.sql.query<{
      access_jti: string;
      tenant_id: string;
      access_exp: Date;
    }>(
      `UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, $2)
        WHERE family_id = $1
        RETURNING access_jti, tenant_id, access_exp`,
      [familyId, at],
    );
    return rows
      .map((r) => ({ jti: r.access_jti, tenantId: r.tenant_id, exp: date(r.access_exp) }))
      .filter((r) => r.exp > at);
  }

  async revokeForClient(clientId: string, at: Date): Promise<number> {
    const { rows } = await this.sql.query(
      `UPDATE refresh_tokens SET revoked_at = $2
        WHERE client_id = $1 AND revoked_at IS NULL
        RETURNING token_hash`,
      [clientId, at],
    );
    return rows.length;
  }

  async purge(before: Date): Promise<number> {
    const { rows } = await this.sql.query(
      "DELETE FROM refresh_tokens WHERE expires_at < $1 RETURNING token_hash",
      [before],
    );
    return rows.length;
  }
}
