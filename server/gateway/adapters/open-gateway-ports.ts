import { join } from "node:path";
import { readCallerCredential } from "../../../lib/caller-credential.js";
import { deriveKey } from "../../../lib/key-derivation.js";
import { loadOrCreateMasterKey } from "../../../lib/master-key.js";
import type { Tracing } from "../../../lib/tracing/start-tracing.js";
import { tracedFetch } from "../../../lib/tracing/traced-fetch.js";
import { type StoreIdentity, tracedPort } from "../../../lib/tracing/traced-port.js";
import type { ReadinessCheck } from "../../shared/http/health.js";
import { analyticsAvailability } from "../analytics/analytics-handlers.js";
import { AUDIT_MIN_BACKOFF_MS } from "../audit/audit-emitter.js";
import { DurableAuditQueue } from "../audit/durable-queue.js";
import type { GatewayConfig } from "../config.js";
import { configError } from "../config-error.js";
import { ControlPlaneProxy } from "../control-plane/control-plane-proxy.js";
import { GATEWAY_ENTITY_TYPES } from "../entities/contract-types.js";
import { EntityService } from "../entities/index.js";
import { FileService } from "../files/index.js";
import { KvService } from "../kv/index.js";
import type { GatewayPorts } from "../ports.js";
import { SidecarClient } from "../sidecar/sidecar-client.js";
import { openAnalyticsStore, openFileStore, openKvStore } from "./open-data-stores.js";
import { openEntityStore } from "./open-entity-store.js";
import { openIdempotencyStore } from "./open-idempotency-store.js";

/** The sidecar client over the lean gRPC hot path, presenting the caller credential. */
async function openSidecar(config: GatewayConfig, tracing?: Tracing): Promise<SidecarClient> {
  const { address, credential: source } = config.sidecar;
  const credential = source && (await readCallerCredential(source, configError));
  return SidecarClient.connect(address, { credential, tracing });
}

/** Which server each store port talks to, as its spans name it (`db.system.name`). */
function storeSystems({ stores }: GatewayConfig): Record<string, StoreIdentity> {
  const redis = stores.redisUrl ? "redis" : "memory";
  return {
    entities: { store: "entities", system: stores.mongoUrl ? "mongodb" : "postgresql" },
    kv: { store: "kv", system: redis },
    files: { store: "files", system: stores.s3 ? "s3" : "filesystem" },
    analytics: { store: "analytics", system: "clickhouse" },
    idempotency: { store: "idempotency", system: redis },
  };
}

/**
 * With tracing on, each store port as a traced port (one span per call at the port boundary,
 * see tracedPort); otherwise the port itself, so an untraced gateway adds nothing per call.
 */
function storeTracer(config: GatewayConfig, tracing: Tracing | undefined) {
  const systems = storeSystems(config);
  return <T extends object>(name: keyof typeof systems & string, port: T): T => {
    const id = systems[name];
    return tracing && id ? tracedPort(port, tracing.tracer, id) : port;
  };
}

/** Runs `open`, keeping its `close` on `closers` so a later failure releases it. */
async function opened<T extends { close(): Promise<void> }>(
  closers: Array<() => Promise<void>>,
  open: Promise<T>,
): Promise<T> {
  const value = await open;
  closers.unshift(() => value.close());
  return value;
}

/**
 * The one place the gateway picks its adapters (DESIGN.md §3): the entity store (MongoDB, else
 * PostgreSQL, else the embedded PostgreSQL under the data dir), KV and idempotency keys (Redis,
 * else in-process), files (MinIO/S3, else the filesystem), analytics (ClickHouse, else the
 * embedded ClickHouse server started on the first analytics call, answering 503 with the reason
 * when it cannot start), the sidecar client and the control-plane proxy. Cursor and presign keys are
 * derived from `CPOD_MASTER_KEY`, else from `<dataDir>/master.key`, the key file every program
 * of the installation shares. If one store fails to open, those opened before are closed.
 * With `tracing`, the sidecar calls and every store call are spans.
 *
 * @example
 *   const config = loadGatewayConfig(process.env);
 *   const app = await buildGateway(config, await openGatewayPorts(config));
 */
export async function openGatewayPorts(
  config: GatewayConfig,
  tracing?: Tracing,
): Promise<GatewayPorts> {
  const traced = storeTracer(config, tracing);
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const release of closers) await release();
  };
  try {
    const master = config.masterKey ?? (await loadOrCreateMasterKey(config.dataDir, configError));
    const sidecar = await openSidecar(config, tracing);
    closers.unshift(async () => sidecar.close());
    const { stores, dataDir } = config;
    const entitySettings = { mongoUrl: stores.mongoUrl, postgresUrl: stores.postgresUrl, dataDir };
    const entities = await opened(
      closers,
      openEntityStore(entitySettings, GATEWAY_ENTITY_TYPES.values()),
    );
    const kv = await opened(closers, openKvStore(stores.redisUrl));
    const presignKey = deriveKey(master, "gatewayFilePresign");
    const files = await opened(closers, openFileStore(stores, dataDir, presignKey));
    const analytics = await opened(closers, openAnalyticsStore(stores.clickhouseUrl, dataDir));
    const idempotency = await opened(closers, openIdempotencyStore(stores.redisUrl));
    const readiness: Record<string, ReadinessCheck> = { entities: entities.check };
    for (const [name, store] of Object.entries({ kv, files, idempotency }))
      if (store.check) readiness[name] = store.check;
    const blobs = traced("files", files.store.store);
    return {
      sidecar,
      controlPlane: new ControlPlaneProxy({
        baseUrl: config.controlPlaneUrl,
        ...(tracing ? { fetch: tracedFetch(tracing) } : {}),
      }),
      entities: new EntityService({
        store: traced("entities", entities.store),
        types: GATEWAY_ENTITY_TYPES,
        cursorKey: deriveKey(master, "gatewayEntityCursor"),
      }),
      kv: new KvService(traced("kv", kv.store)),
      files: { ...files.store, store: blobs, service: new FileService(blobs) },
      analytics: analyticsAvailability(traced("analytics", analytics.store), sidecar),
      idempotency: traced("idempotency", idempotency.store),
      audit: {
        queue: new DurableAuditQueue(join(dataDir, "gateway")),
        minBackoffMs: AUDIT_MIN_BACKOFF_MS,
      },
      listCursorKey: deriveKey(master, "gatewayListCursor"),
      readiness,
      adapters: {
        entity: entities.adapter,
        kv: kv.adapter,
        files: files.adapter,
        analytics: analytics.adapter,
        idempotency: idempotency.adapter,
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
