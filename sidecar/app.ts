import type { JsonObject } from "@bufbuild/protobuf";
import type { Redis } from "ioredis";
import { Registry } from "prom-client";
import { openEmbeddedPgClient } from "../lib/sql/adapters/embedded-pg-client.js";
import { openPgClient } from "../lib/sql/adapters/pg-client.js";
import type { SqlClient } from "../lib/sql/index.js";
import { createAdmissionService } from "./admission/admission-service.js";
import { MongoAuditStore } from "./audit/adapters/mongo-audit-store.js";
import { SqlAuditStore } from "./audit/adapters/sql-audit-store.js";
import { createAuditMetrics } from "./audit/audit-metrics.js";
import { createAuditService } from "./audit/audit-service.js";
import type { AuditStore } from "./audit/audit-store.js";
import { SqlDenyListStore } from "./auth/adapters/sql-deny-list-store.js";
import { createAuthService } from "./auth/auth-service.js";
import { DenyListReplica } from "./auth/deny-list-replica.js";
import { type JwksSource, RemoteJwksSource } from "./auth/jwks-source.js";
import { TokenValidator, type TokenVerdict } from "./auth/token-validator.js";
import type { SidecarConfig } from "./config.js";
import { Masker } from "./masking/masker.js";
import { createMaskingService } from "./masking/masking-service.js";
import { Authorizer } from "./policy/authorizer.js";
import { OpaPolicyEngine } from "./policy/opa-policy-engine.js";
import { createPolicyService } from "./policy/policy-service.js";
import { MemoryRateLimiter } from "./ratelimit/adapters/memory-rate-limiter.js";
import { RedisRateLimiter } from "./ratelimit/adapters/redis-rate-limiter.js";
import { createRateCheck, createRateLimitService } from "./ratelimit/rate-limit-service.js";
import { SqlSecretStore } from "./secrets/adapters/sql-secret-store.js";
import { SecretCipher } from "./secrets/secret-cipher.js";
import { createSecretsService } from "./secrets/secrets-service.js";
import type { SidecarImplementations } from "./services/registry.js";
import { HttpTenantDirectory } from "./tenants/adapters/http-tenant-directory.js";
import { MemoryTenantDirectory } from "./tenants/adapters/memory-tenant-directory.js";
import type { TenantDirectory } from "./tenants/tenant-directory.js";
import { createTenantService } from "./tenants/tenant-service.js";

/** A built, un-started sidecar: its services, readiness probes, and what to release on close. */
export interface Sidecar {
  implementations: SidecarImplementations;
  /** Probes for `/readyz`, by dependency name. */
  readiness: Record<string, () => Promise<void>>;
  /** Which adapter serves each store, for the startup log. */
  adapters: Record<string, string>;
  /** Hot-reloads the policy bundle (also reachable as PolicyService.ReloadBundle). */
  policy: OpaPolicyEngine;
  /** The deny-list replica, for its sync-age gauge. */
  denyList: DenyListReplica;
  /** ValidateToken's logic, for deriving the caller of tenant-scoped RPCs from its token. */
  validateToken: (token: string) => Promise<TokenVerdict>;
  /** The services' own Prometheus series (audit repairs), served beside the per-RPC ones. */
  metrics: Registry;
  close(): Promise<void>;
}

/** Parts an embedding program (`cpod dev`) supplies in-process instead of over the network. */
export interface SidecarOverrides {
  tenants?: TenantDirectory;
  jwks?: JwksSource;
  /** Deny-list replica timing (tests shorten the poll); defaults 1 s poll, 30 s stale bound. */
  denyList?: { pollMs?: number; staleAfterMs?: number };
  /** Operational messages; default stderr. */
  log?: (message: string, error?: unknown) => void;
}

const stderrLog = (message: string, error?: unknown) =>
  console.error(`cpod sidecar: ${message}`, ...(error === undefined ? [] : [String(error)]));

function tenantDirectory(config: SidecarConfig): Promise<TenantDirectory> | TenantDirectory {
  const { controlPlaneUrl, adminToken, file, cacheTtlMs } = config.tenants;
  if (controlPlaneUrl) {
    const baseUrl = controlPlaneUrl;
    return new HttpTenantDirectory({ baseUrl, adminToken: adminToken ?? "", ttlMs: cacheTtlMs });
  }
  if (file) return MemoryTenantDirectory.fromFile(file);
  return new MemoryTenantDirectory();
}

/**
 * The sidecar has never bounded its PostgreSQL waits (audit appends of one tenant queue on its
 * advisory lock, and group commit makes those waits long under load), unlike the servers, whose
 * requests answer 503 instead. A bound here is a decision of its own, with its own measurements.
 */
const UNBOUNDED_PG = { connectTimeoutMs: 0, queryTimeoutMs: 0 } as const;

/** The sidecar's schema in the embedded PostgreSQL. */
const SIDECAR_SCHEMA = "sidecar";

/**
 * The SQL database of the secrets, deny-list and audit stores: the PostgreSQL server when
 * configured (its default schema, as ever: existing deployments keep their tables), else the
 * embedded PostgreSQL under the data dir in a schema of its own, beside the other programs'
 * schemas when `cpod dev` runs them in one process.
 */
async function sqlClient(config: SidecarConfig): Promise<[SqlClient, string]> {
  const { postgresUrl, dataDir } = config.stores;
  if (postgresUrl) return [await openPgClient(postgresUrl, UNBOUNDED_PG), "postgres"];
  const { sql, description } = await openEmbeddedPgClient(dataDir, {
    ...UNBOUNDED_PG,
    schema: SIDECAR_SCHEMA,
  });
  return [sql, `${description}, schema ${SIDECAR_SCHEMA}`];
}

async function auditStore(config: SidecarConfig, sql: SqlClient): Promise<[AuditStore, string]> {
  if (config.stores.mongoUrl)
    return [await MongoAuditStore.open(config.stores.mongoUrl), "mongodb"];
  return [await SqlAuditStore.open(sql), "sql"];
}

/** Loads ioredis only when Redis is configured, as MongoAuditStore loads its driver. */
async function redisClient(url: string): Promise<Redis> {
  const { Redis } = await import("ioredis");
  // Fail fast instead of queueing while Redis is down, so CORESDK_FAIL_MODE decides promptly.
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
  });
  // Connection errors surface on each command (and decide fail mode there); without a listener
  // ioredis would also log every reconnect attempt as an unhandled error event.
  redis.on("error", () => undefined);
  return redis;
}

/**
 * The sidecar's composition root: the only place that picks adapters. A store whose URL is unset
 * gets its embedded adapter, and `adapters` says which one runs (main.ts logs it).
 */
export async function buildSidecar(
  config: SidecarConfig,
  overrides: SidecarOverrides = {},
): Promise<Sidecar> {
  const redis = config.stores.redisUrl ? await redisClient(config.stores.redisUrl) : undefined;
  const [sql, sqlName] = await sqlClient(config);
  const [audit, auditName] = await auditStore(config, sql);
  const tenants = overrides.tenants ?? (await tenantDirectory(config));
  const policy = await OpaPolicyEngine.load(config.policyBundle);
  const authorizer = new Authorizer(policy, tenants);
  // The deny-list lives in the SQL database (durable, shared by replicas), read from memory.
  const revocations = new DenyListReplica({
    store: await SqlDenyListStore.open(sql),
    failMode: config.failMode,
    graceMs: config.jwt.leewaySecs * 1000,
    log: overrides.log ?? stderrLog,
    ...overrides.denyList,
  });
  await revocations.start();
  const jwks =
    overrides.jwks ??
    (config.jwt.jwksUrl ? new RemoteJwksSource({ url: config.jwt.jwksUrl }) : undefined);
  const validator = new TokenValidator({ ...config.jwt, jwks, revocations });
  const cipher = await SecretCipher.fromConfig(
    config.stores.masterKey,
    config.stores.dataDir,
    config.stores.previousMasterKeys,
  );
  const secrets = await SqlSecretStore.open(sql);
  const authorize = authorizer.authorize.bind(authorizer);
  const masker = new Masker();
  // Audit metadata is masked before it is hashed and stored (DESIGN.md §7).
  const maskMetadata = (metadata: JsonObject) => masker.maskJson(metadata).masked as JsonObject;
  const metrics = new Registry();
  const limits = {
    limiter: redis ? new RedisRateLimiter(redis) : new MemoryRateLimiter(),
    tenants,
    failMode: config.failMode,
  };
  const implementations: SidecarImplementations = {
    admission: createAdmissionService({
      validate: (token) => validator.validate(token),
      authorize,
      checkRate: createRateCheck(limits),
    }),
    auth: createAuthService({ validator, revocations, jwks, authorize }),
    policy: createPolicyService({ engine: policy }),
    audit: createAuditService(audit, {
      mask: maskMetadata,
      cursorKey: cipher.deriveKey("sidecarAuditCursor"),
      metrics: createAuditMetrics(metrics),
    }),
    masking: createMaskingService(masker),
    secrets: createSecretsService({ store: secrets, cipher, authorize }),
    rateLimit: createRateLimitService(limits),
    tenant: createTenantService(tenants),
  };
  const readiness: Record<string, () => Promise<void>> = {
    sql: async () => void (await sql.query("SELECT 1")),
    audit: () => audit.ping(),
    ...(redis ? { redis: async () => void (await redis.ping()) } : {}),
  };
  const adapters = {
    sql: sqlName,
    audit: auditName,
    deny_list: "sql, replicated in memory",
    rate_limits: redis ? "redis" : "in-process",
    tenants: overrides.tenants
      ? "embedded"
      : config.tenants.controlPlaneUrl
        ? "control-plane"
        : "memory",
  };
  const close = async () => {
    await revocations.stop();
    await audit.close();
    await tenants.close();
    await sql.close();
    redis?.disconnect();
  };
  const validateToken = (token: string) => validator.validate(token);
  return {
    implementations,
    readiness,
    adapters,
    policy,
    denyList: revocations,
    validateToken,
    metrics,
    close,
  };
}
