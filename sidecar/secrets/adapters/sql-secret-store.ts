import { applyMigrations, type Migration, type SqlClient } from "../../../lib/sql/index.js";
import { sidecarSchema } from "../../storage/sidecar-schema.js";
import type { SealedSecret } from "../secret-cipher.js";
import type {
  ListSecretsQuery,
  PutSecretInput,
  SecretMeta,
  SecretPage,
  SecretStore,
  StoredSecret,
} from "../secret-store.js";

/**
 * The secret store's schema, one version per entry (see `applyMigrations`). Append new
 * versions; never edit an applied one.
 *
 * One row per (tenant, name). Only the sealed form is stored: ciphertext, IV, GCM tag and the
 * id of the key that sealed it. `name` uses the "C" collation so pages come in bytewise order
 * whatever the database's locale, and keyset cursors stay stable across servers.
 */
export const SECRET_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "sidecar_secrets",
    // IF NOT EXISTS on purpose: sidecars before versioned migrations created this same table
    // without a history row, so on their databases version 1 only records what is there.
    statements: [
      `CREATE TABLE IF NOT EXISTS sidecar_secrets (
         tenant_id  text NOT NULL,
         name       text COLLATE "C" NOT NULL,
         key_id     text NOT NULL,
         iv         bytea NOT NULL,
         tag        bytea NOT NULL,
         ciphertext bytea NOT NULL,
         version    bigint NOT NULL,
         created_at timestamptz NOT NULL,
         updated_at timestamptz NOT NULL,
         updated_by text NOT NULL,
         PRIMARY KEY (tenant_id, name)
       )`,
    ],
  },
  {
    version: 2,
    name: "sidecar_secrets.description",
    // Nullable without a default: existing rows read as "no description", and PostgreSQL adds
    // the column without rewriting the table.
    statements: ["ALTER TABLE sidecar_secrets ADD COLUMN description text"],
  },
];

/** The secrets store's component of the schema history (see `sidecarSchema`). */
export const SECRET_SCHEMA = sidecarSchema("secrets", SECRET_MIGRATIONS);

const META = "name, version, created_at, updated_at, updated_by, description";

interface MetaRow {
  name: string;
  version: number | string | bigint;
  created_at: Date;
  updated_at: Date;
  updated_by: string;
  description: string | null;
}

interface SecretRow extends MetaRow {
  key_id: string;
  iv: Uint8Array;
  tag: Uint8Array;
  ciphertext: Uint8Array;
}

function toMeta(row: MetaRow): SecretMeta {
  return {
    name: row.name,
    version: Number(row.version),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    updatedBy: row.updated_by,
    ...(row.description === null ? {} : { description: row.description }),
  };
}

function toStored(row: SecretRow): StoredSecret {
  const sealed: SealedSecret = {
    keyId: row.key_id,
    iv: row.iv,
    tag: row.tag,
    ciphertext: row.ciphertext,
  };
  return { ...toMeta(row), sealed };
}

/** Stored bytes may arrive as any Uint8Array; pg binds a Buffer as bytea. */
const bytes = (value: Uint8Array) => Buffer.from(value.buffer, value.byteOffset, value.byteLength);

/**
 * The secret store on PostgreSQL, through the SqlClient port: real PostgreSQL (`pg`) in
 * production, the embedded PostgreSQL in dev. Every statement is parameterized and filtered by tenant.
 *
 * @example
 *   const store = await SqlSecretStore.open(await openPgClient(url));
 */
export class SqlSecretStore implements SecretStore {
  private constructor(private readonly sql: SqlClient) {}

  /**
   * Brings the schema to the newest version (under a migration lock, so parallel starts don't
   * race; a database from an older sidecar is upgraded in place, its rows kept).
   */
  static async open(sql: SqlClient): Promise<SqlSecretStore> {
    await applyMigrations(sql, SECRET_SCHEMA);
    return new SqlSecretStore(sql);
  }

  /** A put replaces the description too: an absent one is stored as NULL, not kept. */
  async put(input: PutSecretInput): Promise<SecretMeta> {
    const { tenantId, name, sealed, updatedBy, at, description } = input;
    const { rows } = await this.sql.query<MetaRow>(
      `INSERT INTO sidecar_secrets AS s
         (tenant_id, name, key_id, iv, tag, ciphertext, version, created_at, updated_at,
          updated_by, description)
       VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7, $8, $9)
       ON CONFLICT (tenant_id, name) DO UPDATE SET
         key_id = EXCLUDED.key_id, iv = EXCLUDED.iv, tag = EXCLUDED.tag,
         ciphertext = EXCLUDED.ciphertext, version = s.version + 1,
         updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by,
         description = EXCLUDED.description
       RETURNING ${META}`,
      [
        tenantId,
        name,
        sealed.keyId,
        bytes(sealed.iv),
        bytes(sealed.tag),
        bytes(sealed.ciphertext),
        at,
        updatedBy,
        description ?? null,
      ],
    );
    return toMeta(rows[0] as MetaRow);
  }

  async get(tenantId: string, name: string): Promise<StoredSecret | undefined> {
    const { rows } = await this.sql.query<SecretRow>(
      `SELECT ${META}, key_id, iv, tag, ciphertext FROM sidecar_secrets WHERE tenant_id = $1 AND name = $2`,
      [tenantId, name],
    );
    return rows[0] && toStored(rows[0]);
  }

  async delete(tenantId: string, name: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      "DELETE FROM sidecar_secrets WHERE tenant_id = $1 AND name = $2 RETURNING name",
      [tenantId, name],
    );
    return rows.length > 0;
  }

  async list(tenantId: string, { prefix, after, limit }: ListSecretsQuery): Promise<SecretPage> {
    const { rows } = await this.sql.query<MetaRow>(
      `SELECT ${META} FROM sidecar_secrets
       WHERE tenant_id = $1
         AND ($2::text IS NULL OR starts_with(name, $2::text))
         AND ($3::text IS NULL OR name > $3::text)
       ORDER BY name LIMIT $4`,
      [tenantId, prefix ?? null, after ?? null, limit + 1],
    );
    return { items: rows.slice(0, limit).map(toMeta), more: rows.length > limit };
  }

  async reseal(
    tenantId: string,
    name: string,
    expectedIv: Uint8Array,
    next: SealedSecret,
  ): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE sidecar_secrets SET key_id = $4, iv = $5, tag = $6, ciphertext = $7
       WHERE tenant_id = $1 AND name = $2 AND iv = $3 RETURNING name`,
      [
        tenantId,
        name,
        bytes(expectedIv),
        next.keyId,
        bytes(next.iv),
        bytes(next.tag),
        bytes(next.ciphertext),
      ],
    );
    return rows.length > 0;
  }
}
