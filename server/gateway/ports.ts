import type { ReadinessCheck } from "../shared/http/health.js";
import type { AnalyticsAvailability } from "./analytics/analytics-handlers.js";
import type { DurableAuditQueue } from "./audit/durable-queue.js";
import type { ControlPlaneProxy } from "./control-plane/control-plane-proxy.js";
import type { EntityService } from "./entities/index.js";
import type { BlobStore, FileService } from "./files/index.js";
import type { PresignedConfig } from "./files/presigned-handlers.js";
import type { IdempotencyStore } from "./idempotency/index.js";
import type { KvService } from "./kv/index.js";
import type { SidecarClient } from "./sidecar/sidecar-client.js";

/** The file routes' port: the service, the store presigned URLs read and write, the limits. */
export interface FilePorts {
  service: FileService;
  store: BlobStore;
  /**
   * Set when the store's presigned URLs point at this gateway (the filesystem store); undefined
   * when the store presigns by itself (S3), and `/v1/presigned` then answers 404.
   */
  presigned: PresignedConfig | undefined;
  /** The largest upload in bytes (`CPOD_FILES_MAX_BYTES`). */
  maxUploadBytes: number;
}

/** The durable audit queue (step 6) and how soon a failed delivery is first retried. */
export interface AuditQueuePort {
  queue: DurableAuditQueue;
  minBackoffMs: number;
}

/**
 * Everything the gateway runs on, each one required: `openGatewayPorts(config)` picks and opens
 * the production adapters; a test passes in-memory ones (test/helpers/gateway-ports.ts). A
 * store that could not be opened is not a missing port: analytics carries its reason instead.
 */
export interface GatewayPorts {
  /** The sidecar: request path (steps 1–4), audit sink, masking, audit queries, secrets. */
  sidecar: SidecarClient;
  /** The OAuth and app routes forward here. */
  controlPlane: ControlPlaneProxy;
  entities: EntityService;
  kv: KvService;
  files: FilePorts;
  analytics: AnalyticsAvailability;
  /** Where `Idempotency-Key` responses are kept (Redis in production, shared by replicas). */
  idempotency: IdempotencyStore;
  audit: AuditQueuePort;
  /** HMAC key for KV and file list cursors, the same on every replica. */
  listCursorKey: Uint8Array;
  /** `/readyz` probes, one per store server. */
  readiness: Readonly<Record<string, ReadinessCheck>>;
  /** Which adapter serves each store (`entity` → `embedded postgres (<dir>)`), for the startup log. */
  adapters: Readonly<Record<string, string>>;
  /** Releases what the ports hold open; runs once the audit queue has flushed. */
  close(): Promise<void>;
}
