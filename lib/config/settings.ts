/**
 * Every setting the config file may hold, one row per environment variable the programs read
 * (DESIGN.md §9): the file is another way to set those variables, so each program's config.ts
 * stays the single place that turns them into typed settings. Shared keys sit at the top level
 * (one variable read by several programs is one key); the rest sit in the section of the only
 * program that reads them. `NODE_ENV` has no key: it is Node's own switch, and `env` covers it.
 */

/** What a value must look like; each kind is a JSON Schema fragment and a message (schema.ts). */
export type SettingKind =
  /**
   * `emptyMeansNone`: "" is a value of its own, not "unset" — allowed in the file, and a variable
   * set to "" wins over the file's key. For every other setting an empty variable (compose's
   * `${UNSET}`) leaves the file's value (see envOverridesFile).
   */
  | { type: "string"; emptyMeansNone?: true }
  | { type: "url" }
  | { type: "address" }
  | { type: "list" }
  | { type: "enum"; values: readonly string[] }
  | { type: "integer"; min: number; max?: number };

/** One key of the file and the variable it stands for. */
export interface Setting {
  /** `section.key`, or `key` for a shared one. */
  readonly key: string;
  readonly env: string;
  readonly kind: SettingKind;
  /** Shown as `<redacted>` by `cpod config`. URL settings lose only their password instead. */
  readonly secret?: boolean;
  readonly description: string;
}

/** The sections below the shared keys, in file order. */
export const SECTIONS = ["gateway", "controlPlane", "sidecar"] as const;

const str = { type: "string" } as const;
const url = { type: "url" } as const;
const address = { type: "address" } as const;
const list = { type: "list" } as const;
const int = (min: number, max?: number) => ({ type: "integer", min, max }) as const;
const oneOf = (...values: string[]) => ({ type: "enum", values }) as const;

const row = (key: string, env: string, kind: SettingKind, description: string): Setting => ({
  key,
  env,
  kind,
  description,
});
const secret = (key: string, env: string, kind: SettingKind, description: string): Setting => ({
  ...row(key, env, kind, description),
  secret: true,
});

/** The table; docs/configuration.md and config/cpod.config.schema.json follow it (tests check). */
// biome-ignore format: one setting a line, so it reads as the table it is
export const SETTINGS: readonly Setting[] = [
  row("env", "CPOD_ENV", oneOf("development", "production"), "production: secrets must be given, plain HTTP is refused (default development)"),
  row("dataDir", "CPOD_DATA_DIR", str, "embedded stores, the audit queue, dev keys and master.key (default .cpod)"),
  row("logLevel", "CPOD_LOG_LEVEL", oneOf("fatal", "error", "warn", "info", "debug", "trace", "silent"), "log level of the gateway, control plane and cpod dev (default info)"),
  secret("masterKey", "CPOD_MASTER_KEY", str, "32 bytes, base64 or hex, shared by all programs; unset in dev means <dataDir>/master.key"),
  secret("masterKeyPrevious", "CPOD_MASTER_KEY_PREVIOUS", list, "earlier master keys the sidecar may still decrypt with while secrets are resealed"),
  secret("adminToken", "CPOD_ADMIN_TOKEN", str, "the control plane's admin token (at least 32 characters); the sidecar uses it for tenant lookups"),
  row("postgresUrl", "CPOD_POSTGRES_URL", url, "PostgreSQL for all programs; unset means the embedded PostgreSQL"),
  row("mongoUrl", "CPOD_MONGO_URL", url, "MongoDB for entities (gateway) and the sidecar's stores; wins over PostgreSQL"),
  row("redisUrl", "CPOD_REDIS_URL", url, "Redis for KV, idempotency keys and rate limits; unset means in-process"),
  row("trustedProxies", "CPOD_TRUSTED_PROXIES", list, "peers whose X-Forwarded-* headers are believed: loopback, IPs or CIDRs"),
  row("failMode", "CORESDK_FAIL_MODE", oneOf("closed", "open"), "what a step does when a dependency is down (default closed)"),
  row("sidecarAddr", "CORESDK_SIDECAR_ADDR", { type: "string", emptyMeansNone: true }, "where the gateway and control plane reach the sidecar (default http://[::1]:50051); \"\" lets the control plane run without one, its audit records queued"),
  secret("callerCredential", "CORESDK_CALLER_CREDENTIAL", str, "the platform caller credential the sidecar requires"),
  row("callerCredentialFile", "CORESDK_CALLER_CREDENTIAL_FILE", str, "a file holding the caller credential (else <dataDir>/caller.credential outside production)"),

  row("gateway.addr", "CPOD_GATEWAY_ADDR", address, "host:port the gateway listens on (default 127.0.0.1:8000)"),
  row("gateway.controlPlaneUrl", "CPOD_CONTROL_PLANE_URL", url, "where OAuth and app routes are forwarded (default http://127.0.0.1:8080)"),
  row("gateway.auditQueueMax", "CPOD_AUDIT_QUEUE_MAX", int(1), "audit records queued before API requests are refused with 503 (default 50000)"),
  row("gateway.admissionConcurrency", "CPOD_ADMISSION_CONCURRENCY", int(1), "admissions the gateway has at the sidecar at once; more requests wait, taking turns by caller and operation (default 256; cpod dev 8)"),
  row("gateway.admissionQueueMax", "CPOD_ADMISSION_QUEUE_MAX", int(1), "requests waiting for admission before new ones are refused with 503 (default 10000)"),
  row("gateway.tlsCertFile", "CPOD_TLS_CERT_FILE", str, "PEM certificate to serve HTTPS directly (with tlsKeyFile)"),
  row("gateway.tlsKeyFile", "CPOD_TLS_KEY_FILE", str, "PEM private key to serve HTTPS directly (with tlsCertFile)"),
  row("gateway.clickhouseUrl", "CPOD_CLICKHOUSE_URL", url, "ClickHouse for analytics; unset means the embedded ClickHouse server"),
  row("gateway.publicUrl", "CPOD_PUBLIC_URL", url, "the gateway's public URL, start of presigned file URLs (default http://127.0.0.1:8000)"),
  row("gateway.filesMaxBytes", "CPOD_FILES_MAX_BYTES", int(1), "the largest upload in bytes (default 104857600)"),
  row("gateway.s3Endpoint", "CPOD_S3_ENDPOINT", url, "MinIO/S3 endpoint for files (all four s3* keys or none)"),
  row("gateway.s3AccessKey", "CPOD_S3_ACCESS_KEY", str, "MinIO/S3 access key"), secret("gateway.s3SecretKey", "CPOD_S3_SECRET_KEY", str, "MinIO/S3 secret key"), row("gateway.s3Bucket", "CPOD_S3_BUCKET", str, "MinIO/S3 bucket"),  row( "controlPlane.addr", "CPOD_CONTROL_PLANE_ADDR", address, "host:port the control plane listens on (default 127.0.0.1:8080)"),

  row("controlPlane.postgresSchema", "CPOD_POSTGRES_SCHEMA", str, "schema of the control plane's tables (default control_plane)"),
  row("controlPlane.issuer", "CPOD_ISSUER", url, "the gateway's public URL, the tokens' iss (required in production)"),
  row("controlPlane.tokenAudience", "CPOD_TOKEN_AUDIENCE", str, "the tokens' aud (default cpod-api)"),
  row("controlPlane.tokenTtlSecs", "CPOD_TOKEN_TTL_SECS", int(60, 86_400), "access-token lifetime (default 3600)"),
  row("controlPlane.refreshTokenTtlSecs", "CPOD_REFRESH_TOKEN_TTL_SECS", int(300, 31_536_000), "refresh-token lifetime (default 2592000)"),
  row("controlPlane.tokenFailuresPerAddress", "CPOD_TOKEN_FAILURES_PER_ADDRESS", int(1, 100_000), "failed token requests per address per window (default 20)"),
  row("controlPlane.tokenFailuresPerClient", "CPOD_TOKEN_FAILURES_PER_CLIENT", int(1, 100_000), "failed token requests per client per window (default 100)"),
  row("controlPlane.tokenFailureWindowSecs", "CPOD_TOKEN_FAILURE_WINDOW_SECS", int(1, 86_400), "the failure-limit window (default 60)"),
  row("controlPlane.argon2Concurrency", "CPOD_ARGON2_CONCURRENCY", int(1, 64), "Argon2 verifications at a time (default 2)"),

  row("sidecar.listenAddr", "CORESDK_LISTEN_ADDR", address, "loopback host:port of the gRPC server (default [::1]:50051)"),
  row("sidecar.metricsAddr", "CORESDK_METRICS_ADDR", address, "loopback host:port of /healthz, /readyz, /metrics (default 127.0.0.1:9091)"),
  row("sidecar.jwksUrl", "CORESDK_JWKS_URL", url, "the control plane's JWKS"), row("sidecar.jwtIssuer", "CORESDK_JWT_ISSUER", str, "the iss tokens must carry"), row("sidecar.jwtAudience", "CORESDK_JWT_AUDIENCE", str, "the aud tokens must carry"), row( "sidecar.jwtLeewaySecs", "CORESDK_JWT_LEEWAY_SECS", int(0, 600), "clock leeway for exp/nbf (default 30)"),
  row("sidecar.tlsCertFile", "CORESDK_TLS_CERT_FILE", str, "mTLS server certificate (with tlsKeyFile and tlsCaFile)"),
  row("sidecar.tlsKeyFile", "CORESDK_TLS_KEY_FILE", str, "mTLS server key"), row("sidecar.tlsCaFile", "CORESDK_TLS_CA_FILE", str, "CA that signs the clients' certificates"), row( "sidecar.controlPlaneUrl", "CORESDK_CONTROL_PLANE_URL", url, "tenants from the control plane's admin API (needs adminToken)"),
  row("sidecar.tenantsFile", "CORESDK_TENANTS_FILE", str, "tenants from a JSON file (standalone/dev)"),
  row("sidecar.tenantCacheTtlMs", "CORESDK_TENANT_CACHE_TTL_MS", int(100, 300000), "how stale a tenant's status, plan and limits may be (default 5000)"),
  row("sidecar.policyBundle", "CORESDK_POLICY_BUNDLE", str, "compiled policy bundle (default gen/policy/authz.wasm)"),
];

/**
 * Whether the environment's `value` for `setting` wins over the config file's key: when set,
 * and not "" unless "" means something of its own for that setting (`sidecarAddr`: no sidecar).
 * An empty variable is how compose passes an unset one (`CPOD_POSTGRES_URL: ${PG_URL}`); letting
 * it hide the file's postgresUrl would silently run the embedded store instead.
 *
 * @example
 *   envOverridesFile(postgresUrl, ""); // false: the file's postgresUrl stays
 */
export function envOverridesFile(setting: Setting, value: string | undefined): value is string {
  if (value === undefined) return false;
  return value !== "" || (setting.kind.type === "string" && setting.kind.emptyMeansNone === true);
}

/**
 * Keys `cpod dev` sets itself, whatever the file or environment says, to wire its three programs
 * to each other (bin/dev/dev-platform.ts): the control plane's and sidecar's real addresses, and
 * the issuer and audience tokens are minted with. `cpod config` notes them when they are set.
 */
export const SET_BY_CPOD_DEV: readonly string[] = [
  "gateway.controlPlaneUrl",
  "sidecar.controlPlaneUrl",
  "sidecarAddr",
  "sidecar.jwtIssuer",
  "sidecar.jwtAudience",
];
