import type { SqlClient } from "../../../../lib/sql/index.js";
import type { KeyStore, SigningKeyRecord } from "../control-plane-store.js";
import { bytes, date, dateOrNull, fromBytes } from "./sql-rows.js";

interface KeyRow {
  kid: string;
  created_at: Date;
  activated_at: Date | null;
  retires_at: Date | null;
  public_jwk: Record<string, string>;
  master_key_id: string;
  iv: Uint8Array;
  tag: Uint8Array;
  ciphertext: Uint8Array;
}

const toKey = (row: KeyRow): SigningKeyRecord => ({
  kid: row.kid,
  createdAt: date(row.created_at),
  activatedAt: dateOrNull(row.activated_at),
  retiresAt: dateOrNull(row.retires_at),
  publicJwk: row.public_jwk,
  sealed: {
    keyId: row.master_key_id,
    iv: fromBytes(row.iv),
    tag: fromBytes(row.tag),
    ciphertext: fromBytes(row.ciphertext),
  },
});

/** Signing keys in SQL: the public JWK in the clear, the private key only in sealed form. */
export class SqlKeyStore implements KeyStore {
  constructor(private readonly sql: SqlClient) {}

  async insert(key: SigningKeyRecord): Promise<void> {
    const { sealed } = key;
    await this.sql.query(
      `INSERT INTO signing_keys
         (kid, created_at, activated_at, retires_at, public_jwk, master_key_id, iv, tag, ciphertext)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        key.kid,
        key.createdAt,
        key.activatedAt,
        key.retiresAt,
        JSON.stringify(key.publicJwk),
        sealed.keyId,
        bytes(sealed.iv),
        bytes(sealed.tag),
        bytes(sealed.ciphertext),
      ],
    );
  }

  async list(): Promise<SigningKeyRecord[]> {
    const { rows } = await this.sql.query<KeyRow>(
      "SELECT * FROM signing_keys ORDER BY created_at DESC, kid DESC",
    );
    return rows.map(toKey);
  }

  async retireActive(at: Date): Promise<void> {
    await this.sql.query(
      `UPDATE signing_keys SET retires_at = $1
       WHERE activated_at IS NOT NULL AND retires_at IS NULL`,
      [at],
    );
  }

  async activate(kid: string, at: Date): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE signing_keys SET activated_at = $2
       WHERE kid = $1 AND activated_at IS NULL AND retires_at IS NULL RETURNING kid`,
      [kid, at],
    );
    return rows.length === 1;
  }

  async purge(before: Date): Promise<number> {
    const { rows } = await this.sql.query(
      "DELETE FROM signing_keys WHERE retires_at < $1 RETURNING kid",
      [before],
    );
    return rows.length;
  }
}
