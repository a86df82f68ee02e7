// "A missing handler does not compile" (issue 14): the gateway's handler table is a full
// GatewayHandlers, built from pieces whose types name their operations — the entity ones from
// the generated gatewayEntityOperations. These checks run in `tsc --noEmit`; vitest only
// confirms the file loads.
import type { Registry } from "prom-client";
import { describe, expectTypeOf, it } from "vitest";
import type { GatewayHandlers } from "../../gen/routes/gateway.js";
import { analyticsHandlers } from "../../server/gateway/analytics/analytics-handlers.js";
import { auditHandlers } from "../../server/gateway/audit/audit-handlers.js";
import { entityHandlers } from "../../server/gateway/entities/entity-handlers.js";
import { fileHandlers } from "../../server/gateway/files/file-handlers.js";
import { presignedHandlers } from "../../server/gateway/files/presigned-handlers.js";
import {
  type GatewayContext,
  gatewayHandlers,
  type HandlerPorts,
} from "../../server/gateway/handlers.js";
import { kvHandlers } from "../../server/gateway/kv/kv-handlers.js";
import { ListCursors } from "../../server/gateway/list-cursor.js";
import { opsHandlers } from "../../server/gateway/ops/ops-handlers.js";
import { secretHandlers } from "../../server/gateway/secrets/secret-handlers.js";

type Table = GatewayHandlers<GatewayContext>;

/** Every piece but the secret handlers, put together as gatewayHandlers does. */
function withoutSecrets(ports: HandlerPorts, metrics: Registry) {
  const cursors = new ListCursors(ports.listCursorKey);
  const { files } = ports;
  return {
    ...entityHandlers(ports.entities),
    ...opsHandlers({ checks: ports.readiness, metrics }),
    ...ports.controlPlane.handlers(),
    ...kvHandlers({ service: ports.kv, cursors }),
    ...fileHandlers({ service: files.service, cursors, maxUploadBytes: files.maxUploadBytes }),
    ...presignedHandlers(files.store, files.presigned, files.maxUploadBytes),
    ...analyticsHandlers(ports.analytics),
    ...auditHandlers(ports.sidecar),
  };
}

/** The same table without the entity handlers. */
function withoutEntities(ports: HandlerPorts, metrics: Registry) {
  const { listPeople: _list, ...rest } = {
    ...withoutSecrets(ports, metrics),
    ...secretHandlers(ports.sidecar),
  };
  return rest;
}

describe("the gateway handler table", () => {
  it("is complete as built, and not complete without the secret handlers", () => {
    expectTypeOf(gatewayHandlers).returns.toEqualTypeOf<Table>();
    expectTypeOf(withoutSecrets).returns.not.toExtend<Table>();
    expectTypeOf(withoutEntities).returns.not.toExtend<Table>();
    const build = (ports: HandlerPorts, metrics: Registry): Table =>
      // @ts-expect-error listSecrets, putSecret, getSecret and deleteSecret are missing
      withoutSecrets(ports, metrics);
    const full = (ports: HandlerPorts, metrics: Registry): Table => ({
      ...withoutSecrets(ports, metrics),
      ...secretHandlers(ports.sidecar),
    });
    expectTypeOf(build).toBeFunction();
    expectTypeOf(full).toBeFunction();
  });
});
