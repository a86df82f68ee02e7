// A gateway for tests: a config with test defaults and explicit in-memory or "not configured"
// ports, built from the short option bag the gateway suites use. Production picks its ports in
// server/gateway/adapters/open-gateway-ports.ts; nothing here is reachable from there.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { analyticsAvailability } from "../../server/gateway/analytics/analytics-handlers.js";
import type { AnalyticsStore } from "../../server/gateway/analytics/index.js";
import { buildGateway } from "../../server/gateway/app.js";
import { AUDIT_MIN_BACKOFF_MS } from "../../server/gateway/audit/audit-emitter.js";
import { DurableAuditQueue } from "../../server/gateway/audit/durable-queue.js";
import { type GatewayConfig, loadGatewayConfig } from "../../server/gateway/config.js";
import {
  ControlPlaneProxy,
  DEFAULT_CONTROL_PLANE_URL,
} from "../../server/gateway/control-plane/control-plane-proxy.js";
import { GATEWAY_ENTITY_TYPES } from "../../server/gateway/entities/contract-types.js";
import { EntityService, type EntityStore } from "../../server/gateway/entities/index.js";
import { type BlobStore, FILE_LIMITS, FileService } from "../../server/gateway/files/index.js";
import type { PresignedConfig } from "../../server/gateway/files/presigned-handlers.js";
import { MemoryIdempotencyStore } from "../../server/gateway/idempotency/adapters/memory-idempotency-store.js";
import type { IdempotencyStore } from "../../server/gateway/idempotency/index.js";
import { KvService, type KvStore } from "../../server/gateway/kv/index.js";
import type { FilePorts, GatewayPorts } from "../../server/gateway/ports.js";
import type { FailMode } from "../../server/gateway/request-path/request-path.js";
import {
  DEFAULT_SIDECAR_ADDR,
  SidecarClient,
} from "../../server/gateway/sidecar/sidecar-client.js";
import type { TlsFiles } from "../../server/gateway/tls-files.js";
import { ApiError } from "../../server/shared/errors/api-error.js";
import type { ServerOptions } from "../../server/shared/http/build-server.js";
import type { ReadinessCheck } from "../../server/shared/http/health.js";

/** KV, file and analytics stores a test serves from; a store left out answers 503. */
export interface TestDataStores {
  /** HMAC key for KV/file list cursors; defaults to the entity cursor key, else random. */
  cursorKey?: Uint8Array;
  kv?: KvStore;
  /** `presigned` is read at request time, so a test can set its base URL once it listens. */
  files?: { store: BlobStore; presigned?: PresignedConfig | undefined; maxUploadBytes?: number };
  /** The analytics store, or why there is none (routes then answer 503 with that sentence). */
  analytics?: AnalyticsStore | { unavailable: string } | undefined;
}

/** What a gateway test sets; everything else is a test default or a "not configured" port. */
export interface TestGatewayOptions {
  logger?: FastifyServerOptions["logger"];
  onRoute?: ServerOptions["onRoute"];
  controlPlaneUrl?: string;
  sidecarAddress?: string;
  sidecarCredential?: string;
  sidecarTimeoutMs?: number;
  /**
   * The sidecar client itself, used instead of one connected to `sidecarAddress`: tests that are
   * not about the wire pass one over an in-memory transport to the real services (the ports
   * close it).
   */
  sidecar?: SidecarClient;
  failMode?: FailMode;
  entities?: { store: EntityStore; cursorKey: Uint8Array };
  data?: TestDataStores;
  /** The durable audit queue goes in `<dataDir>/gateway`; default a fresh temporary dir. */
  dataDir?: string;
  auditRetryMs?: number;
  auditQueueMax?: number;
  production?: boolean;
  trustedProxies?: string[];
  idempotency?: IdempotencyStore;
  tls?: TlsFiles;
  readiness?: Record<string, ReadinessCheck>;
}

/**
 * A port whose every call fails as `503 unavailable` with `detail`: what a route of a store the
 * test did not give answers, the same Problem a gateway without that store always answered.
 */
export function notConfigured<T extends object>(detail: string): T {
  return new Proxy({} as T, {
    get: (_target, name) =>
      name === "then"
        ? undefined
        : async () => {
            throw new ApiError("unavailable", detail);
          },
  });
}

/** The gateway config of a test: the defaults of an empty environment, then `overrides`. */
export function testGatewayConfig(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), "cpod-gateway-"));
  return { ...loadGatewayConfig({ CPOD_DATA_DIR: dataDir }), ...overrides };
}

function filePorts(files: TestDataStores["files"]): FilePorts {
  const maxUploadBytes = files?.maxUploadBytes ?? FILE_LIMITS.defaultMaxBytes;
  if (!files) {
    const detail = "The file store is not configured.";
    const store = notConfigured<BlobStore>(detail);
    return { service: notConfigured(detail), store, presigned: undefined, maxUploadBytes };
  }
  const { store, presigned } = files;
  return { service: new FileService(store), store, presigned, maxUploadBytes };
}

/**
 * Ports for a test gateway: a sidecar client to `sidecarAddress` (nothing need listen there),
 * the stores `opts` gives, and "not configured" ports for the rest. Closing them closes the
 * sidecar client and the stores made here, never the ones the test passed in.
 *
 * @example
 *   const ports = testGatewayPorts(config, { data: { kv: new MemoryKvStore() } });
 */
export function testGatewayPorts(
  config: GatewayConfig,
  opts: TestGatewayOptions = {},
): GatewayPorts {
  const address = opts.sidecarAddress ?? DEFAULT_SIDECAR_ADDR;
  const credential = opts.sidecarCredential;
  const sidecar =
    opts.sidecar ??
    SidecarClient.connect(address, { timeoutMs: opts.sidecarTimeoutMs, credential });
  const idempotency = opts.idempotency ?? new MemoryIdempotencyStore();
  const { data = {}, entities } = opts;
  return {
    sidecar,
    controlPlane: new ControlPlaneProxy({
      baseUrl: opts.controlPlaneUrl ?? DEFAULT_CONTROL_PLANE_URL,
    }),
    entities: entities
      ? new EntityService({ ...entities, types: GATEWAY_ENTITY_TYPES })
      : notConfigured("The entity store is not configured."),
    kv: data.kv ? new KvService(data.kv) : notConfigured("The KV store is not configured."),
    files: filePorts(data.files),
    analytics: analyticsAvailability(
      data.analytics ?? { unavailable: "The analytics store is not configured." },
      sidecar,
    ),
    idempotency,
    audit: {
      queue: new DurableAuditQueue(join(config.dataDir, "gateway")),
      minBackoffMs: opts.auditRetryMs ?? AUDIT_MIN_BACKOFF_MS,
    },
    listCursorKey: data.cursorKey ?? entities?.cursorKey ?? randomBytes(32),
    readiness: opts.readiness ?? {},
    adapters: {},
    close: async () => {
      sidecar.close();
      if (!opts.idempotency) await idempotency.close();
    },
  };
}

/**
 * A gateway built and not started, the way a test wants it: `buildGateway` over
 * `testGatewayConfig` and `testGatewayPorts`.
 *
 * @example
 *   const app = await buildTestGateway({ production: true, trustedProxies: ["127.0.0.1"] });
 */
export async function buildTestGateway(opts: TestGatewayOptions = {}): Promise<FastifyInstance> {
  const base = testGatewayConfig(opts.dataDir ? { dataDir: opts.dataDir } : {});
  const config: GatewayConfig = {
    ...base,
    production: opts.production ?? base.production,
    trustedProxies: opts.trustedProxies ?? base.trustedProxies,
    tls: opts.tls ?? base.tls,
    auditQueueMax: opts.auditQueueMax ?? base.auditQueueMax,
    sidecar: { ...base.sidecar, failMode: opts.failMode ?? base.sidecar.failMode },
  };
  const server = { logger: opts.logger, onRoute: opts.onRoute };
  return buildGateway(config, testGatewayPorts(config, opts), server);
}
