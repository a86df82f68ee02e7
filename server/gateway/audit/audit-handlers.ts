import type { components } from "../../../gen/openapi/gateway.js";
import type { AuditRecord } from "../../../gen/proto/coresdk/v1/audit_pb.js";
import type { GatewayHandlers } from "../../../gen/routes/gateway.js";
import { restAuditCursor, sidecarAuditCursor } from "../../shared/audit/audit-cursor.js";
import { auditRecordJson } from "../../shared/audit/audit-record-json.js";
import { viaSidecar } from "../../shared/errors/sidecar-problem.js";
import { accessTokenOf, requireCaller } from "../data-caller.js";
import type { GatewayContext } from "../handlers.js";
import type { SidecarClient } from "../sidecar/sidecar-client.js";

type AuditHandlers = Pick<GatewayHandlers<GatewayContext>, "listAuditEvents" | "verifyAudit">;
type RestAuditRecord = components["schemas"]["AuditRecord"];

/** The shared §7 mapping, typed as this contract's schema (the same JSON members). */
const restAuditRecord = (r: AuditRecord) => auditRecordJson(r) as RestAuditRecord;

/**
 * `/v1/audit`: reads and verifies the caller's tenant's chain through the sidecar's
 * AuditService (Query, Verify). The tenant is the token's; the sidecar's cursor is bound to the
 * query and can only ever page within that tenant's chain.
 *
 * @example
 *   const handlers = auditHandlers(sidecar);
 */
export function auditHandlers(sidecar: SidecarClient): AuditHandlers {
  return {
    listAuditEvents: async ({ query }, ctx) => {
      const caller = requireCaller(ctx);
      const request = {
        tenantId: caller.tenantId,
        from: query.from,
        to: query.to,
        action: query.action,
        limit: query.limit,
        cursor: query.cursor === undefined ? undefined : sidecarAuditCursor(query.cursor),
      };
      const page = await viaSidecar(() => sidecar.queryAudit(request, accessTokenOf(caller)));
      return {
        status: 200,
        body: {
          items: page.records.map(restAuditRecord),
          next_cursor: page.nextCursor ? restAuditCursor(page.nextCursor) : null,
        },
      };
    },
    verifyAudit: async (_input, ctx) => {
      const caller = requireCaller(ctx);
      const token = accessTokenOf(caller);
      const result = await viaSidecar(() => sidecar.verifyAudit(caller.tenantId, token));
      const first = result.firstInvalidSequence;
      return {
        status: 200,
        body: {
          valid: result.valid,
          checked: Number(result.checked),
          ...(first === undefined ? {} : { first_invalid_sequence: Number(first) }),
        },
      };
    },
  };
}
