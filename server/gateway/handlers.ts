import type { Registry } from "prom-client";
import type { GatewayHandlers } from "../../gen/routes/gateway.js";
import { analyticsHandlers } from "./analytics/analytics-handlers.js";
import { auditHandlers } from "./audit/audit-handlers.js";
import type { GatewayCaller } from "./data-caller.js";
import { entityHandlers } from "./entities/entity-handlers.js";
import { fileHandlers } from "./files/file-handlers.js";
import { presignedHandlers } from "./files/presigned-handlers.js";
import { kvHandlers } from "./kv/kv-handlers.js";
import { ListCursors } from "./list-cursor.js";
import { opsHandlers } from "./ops/ops-handlers.js";
import type { GatewayPorts } from "./ports.js";
import { secretHandlers } from "./secrets/secret-handlers.js";

/** What a gateway handler knows about the request it serves. */
export interface GatewayContext {
  requestId: string;
  /** The verified caller (from the token's claims) on `oauth2` routes; absent on public ones. */
  caller?: GatewayCaller;
}

/** The ports the handlers call; the rest (audit queue, idempotency) serve the hooks. */
export type HandlerPorts = Pick<
  GatewayPorts,
  | "sidecar"
  | "controlPlane"
  | "entities"
  | "kv"
  | "files"
  | "analytics"
  | "listCursorKey"
  | "readiness"
>;

/** The handlers of the data routes (KV, files, presigned, analytics, audit, secrets). */
function dataHandlers(ports: HandlerPorts) {
  const cursors = new ListCursors(ports.listCursorKey);
  const { files } = ports;
  const max = files.maxUploadBytes;
  return {
    ...kvHandlers({ service: ports.kv, cursors }),
    ...fileHandlers({ service: files.service, cursors, maxUploadBytes: max }),
    ...presignedHandlers(files.store, files.presigned, max),
    ...analyticsHandlers(ports.analytics),
    ...auditHandlers(ports.sidecar),
    ...secretHandlers(ports.sidecar),
  };
}

/**
 * The gateway's handler for every operation in `openapi/gateway.yaml`, checked for completeness
 * by the compiler: leaving one group out (say the secret handlers) does not compile
 * (test/contract/handler-table.test.ts). A slot filled with `notImplemented(n)` answers 501 and
 * is listed in test/known-gaps.json.
 *
 * @example
 *   registerRoutes(app, { routes: gatewayRoutes, handlers: gatewayHandlers(ports, metrics) });
 */
export function gatewayHandlers(
  ports: HandlerPorts,
  metrics: Registry,
): GatewayHandlers<GatewayContext> {
  return {
    ...entityHandlers(ports.entities),
    ...opsHandlers({ checks: ports.readiness, metrics }),
    // OAuth and app routes: forwarded to the control plane, which owns them (issue #4).
    ...ports.controlPlane.handlers(),
    ...dataHandlers(ports),
  };
}
