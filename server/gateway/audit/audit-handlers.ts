import type { components } from "../../../gen/openapi/gateway.js";
import type { AuditRecord } from "../../../gen/proto/coresdk/v1/audit_pb.js";
import type { GatewayHandlers } from "../../../gen/routes/gateway.js";
import { ApiError } from "../../shared/errors/api-error.js";
import { viaSidecar } from "../../shared/errors/sidecar-problem.js";
import { accessTokenOf, requireCaller } from "../data-caller.js";
import type { GatewayContext } from "../handlers.js";
import type { SidecarClient } from "../sidecar/sidecar-client.js";

type AuditHandlers = Pick<GatewayHandlers<GatewayContext>, "listAuditEvents" | "verifyAudit">;
type RestAuditRecord = components["schemas"]["AuditRecord"];

/**
 * A chain record as DESIGN.md §7 writes it: every member present, absent optional values as
 * `null`, so an external tool can hash exactly what it downloaded and get `record_hash`.
 * `status` 0 and an empty request id are what proto3 sends for "none".
 */
export function restAuditRecord(r: AuditRecord): RestAuditRecord {
  return {
    tenant_id: r.tenantId,
    sequence_id: Number(r.sequenceId),
    timestamp: r.timestamp,
    actor: {
      type: (r.actor?.type ?? "system") as RestAuditRecord["actor"]["type"],
      id: r.actor?.id ?? "",
      app_id: r.actor?.appId ?? null,
      user_id: r.actor?.userId ?? null,
    },
    action: r.action,
    resource: { type: r.resource?.type ?? "", id: r.resource?.id ?? null },
    outcome: r.outcome as RestAuditRecord["outcome"],
    status: r.status === 0 ? null : r.status,
    request_id: r.requestId === "" ? null : r.requestId,
    metadata: (r.metadata ?? null) as RestAuditRecord["metadata"],
    previous_hash: r.previousHash,
    record_hash: r.recordHash,
  };
}

/**
 * The sidecar's audit cursor (`<payload>.<mac>`) re-encoded in the REST cursor alphabet
 * (`^[A-Za-z0-9_-]+$`), and back. It stays opaque and MAC-checked by the sidecar: whatever a
 * client sends decodes to some bytes the sidecar then refuses as `invalid_cursor`.
 */
const restCursor = (sidecarCursor: string) => Buffer.from(sidecarCursor).toString("base64url");
function sidecarCursor(rest: string): string {
  const decoded = Buffer.from(rest, "base64url").toString("utf8");
  // Nothing this API issued decodes to nothing or to more than the sidecar's limit.
  if (decoded.length === 0 || decoded.length > 1024) {
    throw new ApiError("invalid_cursor", "The cursor is not one this API issued.");
  }
  return decoded;
}

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
        cursor: query.cursor === undefined ? undefined : sidecarCursor(query.cursor),
      };
      const page = await viaSidecar(() => sidecar.queryAudit(request, accessTokenOf(caller)));
      return {
        status: 200,
        body: {
          items: page.records.map(restAuditRecord),
          next_cursor: page.nextCursor ? restCursor(page.nextCursor) : null,
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
