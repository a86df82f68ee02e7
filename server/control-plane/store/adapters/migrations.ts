import type { Migration, SchemaComponent } from "../../../../lib/sql/index.js";

/**
 * The control plane's schema, one version per entry. Append new versions; never edit an applied
 * one (the runner refuses a history that differs from the code). Every table lives in the
 * schema the SqlClient adapter put first on `search_path` (`CPOD_POSTGRES_SCHEMA`).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "tenants, apps, signing keys, tokens, outbox, idempotency",
    statements: [
      `CREATE TABLE tenants (
         id         text PRIMARY KEY,
         seq        bigserial UNIQUE NOT NULL,
         name       text NOT NULL,
         plan       text NOT NULL CHECK (plan IN ('free', 'pro', 'enterprise')),
         status     text NOT NULL CHECK (status IN ('active', 'suspended')),
         created_at timestamptz NOT NULL,
         suspended_at timestamptz
       )`,
      `CREATE TABLE apps (
         client_id         text PRIMARY KEY,
         seq               bigserial UNIQUE NOT NULL,
         tenant_id         text NOT NULL REFERENCES tenants (id),
         name              text NOT NULL,
         declared_scopes   text[] NOT NULL,
         app_type          text NOT NULL CHECK (app_type IN ('service', 'web')),
         secret_hash       text,
         created_at        timestamptz NOT NULL,
         secret_rotated_at timestamptz,
         deleted_at        timestamptz
       )`,
      "CREATE INDEX apps_by_tenant ON apps (tenant_id, seq)",
      `CREATE TABLE signing_keys (
         kid           text PRIMARY KEY,
         created_at    timestamptz NOT NULL,
         retires_at    timestamptz,
         public_jwk    jsonb NOT NULL,
         master_key_id text NOT NULL,
         iv            bytea NOT NULL,
         tag           bytea NOT NULL,
         ciphertext    bytea NOT NULL
       )`,
      `CREATE TABLE refresh_tokens (
         token_hash text PRIMARY KEY,
         family_id  text NOT NULL,
         client_id  text NOT NULL,
         tenant_id  text NOT NULL,
         user_id    text NOT NULL,
         scope      text NOT NULL,
         created_at timestamptz NOT NULL,
         expires_at timestamptz NOT NULL,
         used_at    timestamptz,
         revoked_at timestamptz,
         access_jti text NOT NULL,
         access_exp timestamptz NOT NULL
       )`,
      "CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id)",
      "CREATE INDEX refresh_tokens_by_client ON refresh_tokens (client_id)",
      `CREATE TABLE revoked_tokens (
         jti        text PRIMARY KEY,
         tenant_id  text NOT NULL,
         expires_at timestamptz NOT NULL
       )`,
      `CREATE TABLE outbox (
         seq        bigserial PRIMARY KEY,
         id         text UNIQUE NOT NULL,
         kind       text NOT NULL CHECK (kind IN ('audit', 'revoke')),
         tenant_id  text NOT NULL,
         payload    jsonb NOT NULL,
         created_at timestamptz NOT NULL,
         attempts   integer NOT NULL DEFAULT 0,
         last_error text
       )`,
      `CREATE TABLE leases (
         name   text PRIMARY KEY,
         holder text NOT NULL,
         until  timestamptz NOT NULL
       )`,
      `CREATE TABLE idempotency_keys (
         scope        text NOT NULL,
         key          text NOT NULL,
         request_hash text NOT NULL,
         status       integer NOT NULL,
         body         jsonb NOT NULL,
         created_at   timestamptz NOT NULL,
         PRIMARY KEY (scope, key)
       )`,
    ],
  },
  {
    version: 2,
    name: "per-tenant limit overrides",
    // Nullable: every existing tenant keeps its plan's limits (null = no override).
    statements: [
      `ALTER TABLE tenants
         ADD COLUMN limit_requests_per_window integer
           CHECK (limit_requests_per_window > 0),
         ADD COLUMN limit_window_seconds integer
           CHECK (limit_window_seconds > 0)`,
    ],
  },
  {
    version: 3,
    name: "a published next signing key",
    // A key is made and published as the next one before it signs (activated_at NULL), so every
    // verifier that fetched the JWKS since the last rotation already holds the key the next
    // rotation switches to. Keys that existed before this version all signed from creation on.
    // At most one next key and one signing key: a concurrent or older-version rotation that
    // would break that fails instead of leaving two.
    statements: [
      "ALTER TABLE signing_keys ADD COLUMN activated_at timestamptz",
      "UPDATE signing_keys SET activated_at = created_at",
      `CREATE UNIQUE INDEX signing_keys_one_next ON signing_keys ((true))
         WHERE activated_at IS NULL`,
      `CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((true))
         WHERE activated_at IS NOT NULL AND retires_at IS NULL`,
    ],
  },
];

/**
 * The control plane's component of the schema history. The lock is the one control planes have
 * always migrated under, and builds before `cpod_schema_history` recorded their versions in
 * `schema_migrations` (same schema), imported on the first start of this build.
 */
export const CONTROL_PLANE_SCHEMA: SchemaComponent = {
  component: "control-plane",
  lockKey: "cpod.control-plane.migrations",
  legacyHistory: { table: "schema_migrations" },
  migrations: MIGRATIONS,
};
