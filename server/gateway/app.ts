import { join } from "node:path";
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { gatewayEntities, gatewayRoutes, gatewaySchemaDocument } from "../../gen/routes/gateway.js";
import { callerCredentialSource, readCallerCredential } from "../../lib/caller-credential.js";
import { createServer, type ServerOptions } from "../shared/http/build-server.js";
import type { ReadinessCheck } from "../shared/http/health.js";
import { registerRoutes } from "../shared/http/register-routes.js";
import { openDataStores } from "./adapters/open-data-stores.js";
import { openEntityStore } from "./adapters/open-entity-store.js";
import { openIdempotencyStore } from "./adapters/open-idempotency-store.js";
import { AuditEmitter } from "./audit/audit-emitter.js";
import { installAuditHook } from "./audit/audit-hook.js";
import { installAuditBacklogGuard } from "./audit/backlog-guard.js";
import { DurableAuditQueue } from "./audit/durable-queue.js";
import { ControlPlaneProxy, DEFAULT_CONTROL_PLANE_URL } from "./control-plane-proxy.js";
import { cursorKey } from "./cursor-key.js";
import { dataRoutes } from "./data-routes.js";
import type { DataStores } from "./data-stores.js";
import { EntityService, type EntityStore, entityTypes } from "./entities/index.js";
import { type GatewayContext, gatewayHandlers } from "./handlers.js";
import { MemoryIdempotencyStore } from "./idempotency/adapters/memory-idempotency-store.js";
import { type IdempotencyStore, installIdempotency } from "./idempotency/index.js";
import { type AuditLag, createGatewayMetrics } from "./observability/gateway-metrics.js";
import { installObservability, timedAuditSink } from "./observability/observability-hooks.js";
import { requestState } from "./request-path/principal.js";
import { type FailMode, installRequestPath } from "./request-path/request-path.js";
import { installTransportSecurity } from "./request-path/transport-security.js";
import type { SidecarHotPath } from "./sidecar/hot-path.js";
import { SidecarClient } from "./sidecar/sidecar-client.js";
import { readTlsFiles, type TlsFiles } from "./tls-files.js";

/** Options for building the gateway; `gatewayFromEnv` fills them from the environment. */
export interface GatewayOptions {
  logger?: FastifyServerOptions["logger"];
  onRoute?: ServerOptions["onRoute"];
  /** The control plane the OAuth and app routes forward to (`CPOD_CONTROL_PLANE_URL`). */
  controlPlaneUrl?: string;
  /** `CORESDK_SIDECAR_ADDR`, e.g. `http://[::1]:50051`. */
  sidecarAddress?: string;
  /**
   * The platform caller credential the sidecar requires on every call (`CORESDK_CALLER_CREDENTIAL`
   * or `_FILE`, else `<CPOD_DATA_DIR>/caller.credential` outside production).
   */
  sidecarCredential?: string;
  sidecarTimeoutMs?: number;
  /**
   * The transport of the per-request sidecar calls; unset is the lean gRPC client to
   * `sidecarAddress`. Only a benchmark sets it (the same services in-process, no hop).
   */
  sidecarHotPath?: SidecarHotPath;
  /**
   * The sidecar client itself, used instead of one connected to `sidecarAddress` (whose
   * settings are then ignored): tests that are not about the wire pass one over an in-memory
   * transport to the real services. The gateway closes it on close.
   */
  sidecar?: SidecarClient;
  /** `CORESDK_FAIL_MODE`: `open` lets the rate-limit step pass while the sidecar is down. */
  failMode?: FailMode;
  /** Entities; without a store the entity routes answer 503 (contract tests need none). */
  entities?: { store: EntityStore; cursorKey: Uint8Array };
  /** KV, file and analytics stores (`openDataStores`); routes of a missing store answer 503. */
  data?: DataStores;
  /** `CPOD_DATA_DIR`: the durable audit queue lives in `<dataDir>/gateway/`. */
  dataDir?: string;
  /** Smallest audit-drain retry wait (tests shorten it). */
  auditRetryMs?: number;
  /**
   * `CPOD_AUDIT_QUEUE_MAX`: audit records the durable queue may hold before new API requests
   * are refused with 503 until it drains (default 50,000).
   */
  auditQueueMax?: number;
  /** `CPOD_ENV=production`: plain-HTTP requests are refused. */
  production?: boolean;
  /** `CPOD_TRUSTED_PROXIES`: peers whose `X-Forwarded-Proto` is believed. */
  trustedProxies?: string[];
  /** Where `Idempotency-Key` responses are kept (Redis in production); default in-process. */
  idempotency?: IdempotencyStore;
  /** `CPOD_TLS_CERT_FILE`/`CPOD_TLS_KEY_FILE`: serve HTTPS directly. */
  tls?: TlsFiles;
  /** `/readyz` probes, one per store server (`gatewayFromEnv` sets them); none by default. */
  readiness?: Record<string, ReadinessCheck>;
}

const settlers = new WeakMap<FastifyInstance, () => Promise<void>>();

/** Resolves once every audit record of `app` so far reached the sidecar (tests, shutdown). */
export function auditSettled(app: FastifyInstance): Promise<void> {
  return settlers.get(app)?.() ?? Promise.resolve();
}

const TYPES = entityTypes(gatewayEntities, gatewaySchemaDocument.components.schemas);

/**
 * cpod-backend, built and not started (tests `inject`, main.ts listens). Every operation of
 * `openapi/gateway.yaml` is registered from the generated route table, behind HSTS/TLS checks,
 * the sidecar request path (steps 1–4) and the audit hook (step 6).
 */
export async function buildGateway(opts: GatewayOptions = {}): Promise<FastifyInstance> {
  const app = await createServer({
    schemaDocument: gatewaySchemaDocument,
    routes: gatewayRoutes,
    ...(opts.tls ? { https: opts.tls } : {}),
    logger: opts.logger,
    onRoute: opts.onRoute,
  });
  const sidecar =
    opts.sidecar ??
    SidecarClient.connect(opts.sidecarAddress, {
      timeoutMs: opts.sidecarTimeoutMs,
      credential: opts.sidecarCredential,
      hotPath: opts.sidecarHotPath,
    });
  const auditQueue = new DurableAuditQueue(join(opts.dataDir ?? ".cpod", "gateway"));
  const metrics = createGatewayMetrics({ auditLag: () => auditLag(auditQueue) });
  const audit = new AuditEmitter({
    sink: timedAuditSink(sidecar, metrics),
    queue: auditQueue,
    minBackoffMs: opts.auditRetryMs,
    maxQueued: opts.auditQueueMax,
    onRejected: () => metrics.auditRejected.inc(),
    log: (error) => app.log.error({ err: error }, "audit queue failure"),
  });
  app.addHook("onClose", async () => {
    await audit.close();
    sidecar.close();
  });
  installTransportSecurity(app, {
    production: opts.production ?? false,
    trustedProxies: opts.trustedProxies ?? [],
  });
  installObservability(app, metrics);
  installAuditBacklogGuard(
    app,
    () => audit.overBound(),
    () => metrics.auditRefused.inc(),
  );
  installRequestPath(app, { sidecar, failMode: opts.failMode ?? "closed" });
  installIdempotency(app, opts.idempotency ?? new MemoryIdempotencyStore());
  installAuditHook(app, audit, { onRepaired: (field) => metrics.auditRepaired.inc({ field }) });
  settlers.set(app, () => audit.settled());
  const controlPlane = new ControlPlaneProxy({
    baseUrl: opts.controlPlaneUrl ?? DEFAULT_CONTROL_PLANE_URL,
  });
  controlPlane.install(app);
  const entities = opts.entities
    ? new EntityService({
        store: opts.entities.store,
        types: TYPES,
        cursorKey: opts.entities.cursorKey,
      })
    : undefined;
  registerRoutes<GatewayContext>(app, {
    routes: gatewayRoutes,
    handlers: gatewayHandlers(
      { checks: opts.readiness ?? {}, metrics: metrics.registry },
      controlPlane,
      () => entities,
      dataRoutes(opts.data, sidecar, opts.entities?.cursorKey),
    ),
    context: (request) => {
      const { claims, accessToken } = requestState(request);
      const caller = claims && {
        tenantId: claims.tenantId,
        appId: claims.appId,
        subject: claims.sub,
        userId: claims.userId,
        scopes: claims.scopes,
        accessToken,
      };
      return { requestId: String(request.id), ...(caller ? { caller } : {}) };
    },
  });
  return app;
}

/**
 * The caller credential the gateway presents to the sidecar, read the way the sidecar reads it
 * (lib/caller-credential.ts); undefined in production when none is set (the sidecar, which
 * refuses to start that way unless it has mTLS, then refuses the calls and the gateway answers 503).
 */
async function sidecarCredential(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const production = env.CPOD_ENV === "production";
  const source = callerCredentialSource(env, production, (m) => new Error(m));
  return source && readCallerCredential(source, (m) => new Error(m));
}

/** The audit queue's lag for the metrics: records waiting and the oldest one's age. */
async function auditLag(queue: DurableAuditQueue): Promise<AuditLag> {
  const depth = await queue.depth();
  const oldest = queue.oldestTimestamp;
  const age = oldest === undefined ? 0 : (Date.now() - Date.parse(oldest)) / 1000;
  return { depth, oldestAgeSeconds: Math.max(0, Number.isFinite(age) ? age : 0) };
}

/** Reads `CPOD_AUDIT_QUEUE_MAX`; a bad value stops the program naming the variable. */
function auditQueueMax(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1) return n;
  throw new Error(`CPOD_AUDIT_QUEUE_MAX=${value} must be a positive integer`);
}

/** Reads `CORESDK_FAIL_MODE`; a bad value stops the program naming the variable. */
function failMode(value: string | undefined): FailMode {
  if (value === undefined || value === "closed" || value === "open") return value ?? "closed";
  throw new Error(`CORESDK_FAIL_MODE=${value} must be "closed" or "open"`);
}

/**
 * The gateway as `cpod gateway` runs it: options from the environment, and the entity store
 * picked by `openEntityStore` (MongoDB, else PostgreSQL, else PGlite under `CPOD_DATA_DIR`).
 */
export async function gatewayFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  extra: GatewayOptions = {},
): Promise<FastifyInstance> {
  const dataDir = env.CPOD_DATA_DIR ?? ".cpod";
  const mode = failMode(env.CORESDK_FAIL_MODE);
  const queueMax = auditQueueMax(env.CPOD_AUDIT_QUEUE_MAX);
  const tls = readTlsFiles(env);
  const key = await cursorKey({ masterKey: env.CPOD_MASTER_KEY, dataDir });
  const credential = await sidecarCredential(env);
  const settings = { mongoUrl: env.CPOD_MONGO_URL, postgresUrl: env.CPOD_POSTGRES_URL, dataDir };
  const opened = await openEntityStore(settings, TYPES.values());
  const data = await openDataStores(env, dataDir);
  const idempotency = await openIdempotencyStore(env.CPOD_REDIS_URL);
  const app = await buildGateway({
    ...extra,
    controlPlaneUrl: env.CPOD_CONTROL_PLANE_URL ?? extra.controlPlaneUrl,
    sidecarAddress: env.CORESDK_SIDECAR_ADDR,
    sidecarCredential: credential,
    failMode: mode,
    entities: { store: opened.store, cursorKey: key },
    data: data.stores,
    idempotency: idempotency.store,
    readiness: {
      ...extra.readiness,
      entities: opened.check,
      ...data.checks,
      ...(idempotency.check ? { idempotency: idempotency.check } : {}),
    },
    dataDir,
    ...(queueMax ? { auditQueueMax: queueMax } : {}),
    production: env.CPOD_ENV === "production",
    ...(tls ? { tls } : {}),
    trustedProxies: (env.CPOD_TRUSTED_PROXIES ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  });
  app.addHook("onClose", opened.close);
  app.addHook("onClose", data.close);
  for (const [store, adapter] of Object.entries(data.adapters))
    app.log.info(`cpod gateway: ${store} store ${adapter}`);
  app.addHook("onClose", idempotency.close);
  app.log.info(
    `cpod gateway: entity store ${opened.adapter}; idempotency keys ${idempotency.adapter}`,
  );
  return app;
}
