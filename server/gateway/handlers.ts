import type { GatewayHandlers } from "../../gen/routes/gateway.js";
import { type AnalyticsAvailability, analyticsHandlers } from "./analytics-handlers.js";
import { auditHandlers } from "./audit-handlers.js";
import { ControlPlaneProxy, DEFAULT_CONTROL_PLANE_URL } from "./control-plane-proxy.js";
import type { GatewayCaller } from "./data-caller.js";
import type { EntityService } from "./entities/index.js";
import { entityHandlers } from "./entity-handlers.js";
import { fileHandlers } from "./file-handlers.js";
import type { BlobStore, FileService } from "./files/index.js";
import type { KvService } from "./kv/index.js";
import { kvHandlers } from "./kv-handlers.js";
import { ListCursors } from "./list-cursor.js";
import { type OpsDeps, opsHandlers } from "./ops-handlers.js";
import { type PresignedConfig, presignedHandlers } from "./presigned-handlers.js";
import { secretHandlers } from "./secret-handlers.js";
import type { SidecarClient } from "./sidecar/sidecar-client.js";

/** What a gateway handler knows about the request it serves. */
export interface GatewayContext {
  requestId: string;
  /** The verified caller (from the token's claims) on `oauth2` routes; absent on public ones. */
  caller?: GatewayCaller;
}

/**
 * What the KV, files, analytics, audit and secrets routes run on. A gateway built without a
 * store still registers every route; those routes answer 503 naming what is missing.
 */
export interface DataRouteDeps {
  sidecar?: SidecarClient | undefined;
  /** HMAC key for KV and file list cursors (the entity cursor key; shared by replicas). */
  cursorKey: Uint8Array;
  kv?: KvService | undefined;
  files?:
    | { service: FileService; store: BlobStore; maxUploadBytes?: number | undefined }
    | undefined;
  /** Set when the file store's presigned URLs point at this gateway (the filesystem store). */
  presigned?: PresignedConfig | undefined;
  analytics: () => AnalyticsAvailability;
}

/** Deps for building the handler table alone (contract tests): every data store absent. */
function noData(): DataRouteDeps {
  return {
    cursorKey: new Uint8Array(32),
    analytics: () => ({ unavailable: "The analytics store is not configured." }),
  };
}

/** The handlers of the data routes (KV, files, presigned, analytics, audit, secrets). */
function dataHandlers(deps: DataRouteDeps) {
  const cursors = new ListCursors(deps.cursorKey);
  const max = deps.files?.maxUploadBytes;
  return {
    ...kvHandlers({ service: deps.kv, cursors }),
    ...fileHandlers({ service: deps.files?.service, cursors, maxUploadBytes: max }),
    ...presignedHandlers(() => deps.files?.store, deps.presigned, max),
    ...analyticsHandlers(deps.analytics),
    ...auditHandlers(deps.sidecar),
    ...secretHandlers(deps.sidecar),
  };
}

/**
 * The gateway's handler for every operation in `openapi/gateway.yaml`. A slot filled with
 * `notImplemented(n)` answers 501 and is listed in test/known-gaps.json. Entity operations come
 * from the route table (one per generated type), so the compiler cannot list them here; the
 * registrar throws at build time if any operation lacks a handler.
 */
export function gatewayHandlers(
  ops: OpsDeps,
  controlPlane: ControlPlaneProxy = new ControlPlaneProxy({ baseUrl: DEFAULT_CONTROL_PLANE_URL }),
  entities: () => EntityService | undefined = () => undefined,
  data: DataRouteDeps = noData(),
): GatewayHandlers<GatewayContext> {
  const fixed: Partial<GatewayHandlers<GatewayContext>> = {
    ...opsHandlers(ops),
    // OAuth and app routes: forwarded to the control plane, which owns them (issue #4).
    ...controlPlane.handlers(),
    ...dataHandlers(data),
  };
  return { ...entityHandlers(entities), ...fixed } as GatewayHandlers<GatewayContext>;
}
