import type { GatewayHandlers } from "../../gen/routes/gateway.js";
import type { ReadinessCheck } from "../shared/http/health.js";
import { notImplemented } from "../shared/http/not-implemented.js";
import { ControlPlaneProxy, DEFAULT_CONTROL_PLANE_URL } from "./control-plane-proxy.js";
import type { Caller, EntityService } from "./entities/index.js";
import { entityHandlers } from "./entity-handlers.js";
import { opsHandlers } from "./ops-handlers.js";

/** What a gateway handler knows about the request it serves. */
export interface GatewayContext {
  requestId: string;
  /** The verified caller (from the token's claims) on `oauth2` routes; absent on public ones. */
  caller?: Caller;
}

/** Issue numbers of the work that fills each group of operations. */
const ENTITIES = 5;
const DATA = 6;

/**
 * The gateway's handler for every operation in `openapi/gateway.yaml`. A slot filled with
 * `notImplemented(n)` answers 501 and is listed in test/known-gaps.json. Entity operations come
 * from the route table (one per generated type), so the compiler cannot list them here; the
 * registrar throws at build time if any operation lacks a handler.
 */
export function gatewayHandlers(
  checks: Record<string, ReadinessCheck>,
  controlPlane: ControlPlaneProxy = new ControlPlaneProxy({ baseUrl: DEFAULT_CONTROL_PLANE_URL }),
  entities: () => EntityService | undefined = () => undefined,
): GatewayHandlers<GatewayContext> {
  const fixed: Partial<GatewayHandlers<GatewayContext>> = {
    ...opsHandlers(checks),
    getApiDocs: notImplemented(ENTITIES),
    getMetrics: notImplemented(ENTITIES),
    // OAuth and app routes: forwarded to the control plane, which owns them (issue #4).
    ...controlPlane.handlers(),
    listKv: notImplemented(DATA),
    putKv: notImplemented(DATA),
    getKv: notImplemented(DATA),
    deleteKv: notImplemented(DATA),
    incrKv: notImplemented(DATA),
    listFiles: notImplemented(DATA),
    putFile: notImplemented(DATA),
    getFile: notImplemented(DATA),
    headFile: notImplemented(DATA),
    deleteFile: notImplemented(DATA),
    presignFile: notImplemented(DATA),
    ingestAnalyticsEvents: notImplemented(DATA),
    queryAnalytics: notImplemented(DATA),
    listAuditEvents: notImplemented(DATA),
    verifyAudit: notImplemented(DATA),
    listSecrets: notImplemented(DATA),
    putSecret: notImplemented(DATA),
    getSecret: notImplemented(DATA),
    deleteSecret: notImplemented(DATA),
  };
  return { ...entityHandlers(entities), ...fixed } as GatewayHandlers<GatewayContext>;
}
