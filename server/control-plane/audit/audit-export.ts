import { type AuditRecordJson, auditRecordJson } from "../../shared/audit/audit-record-json.js";
import { ApiError } from "../../shared/errors/api-error.js";
import type { AccessTokens } from "../oauth/access-tokens.js";
import type { AuditReader } from "../sidecar/audit-reader.js";
import type { TenantService } from "../tenants/tenant-service.js";
import { auditProblem } from "./audit-problem.js";

/**
 * The `app_id` (and `sub`) of the tokens the control plane mints for itself to read a chain. No
 * app has it (client ids are generated), so it can never be confused with a tenant's app.
 */
export const CONTROL_PLANE_READER = "cpod-control-plane";

/** One page of a tenant's chain, with the sidecar's cursor for the next one. */
export interface AuditExportPage {
  records: AuditRecordJson[];
  nextCursor: string | undefined;
}

/**
 * Reads a tenant's audit chain for the admin export (`GET /v1/tenants/{id}/audit/records`). The
 * sidecar serves Query only to a token of the tenant with `audit.read` (DESIGN.md §5: callers
 * are authenticated, not declared); the control plane issues tokens, so it signs itself a
 * short-lived one per page rather than the sidecar trusting a tenant id it is told.
 *
 * @example
 *   const page = await exporter.page("t_1", { limit: 500 });
 */
export class AuditExport {
  constructor(
    private readonly deps: {
      tenants: TenantService;
      tokens: AccessTokens;
      /** Unset when no sidecar is configured: every export is then `unavailable`. */
      reader: AuditReader | undefined;
    },
  ) {}

  async page(
    tenantId: string,
    opts: { limit?: number; cursor?: string },
  ): Promise<AuditExportPage> {
    await this.deps.tenants.get(tenantId); // 404 for an unknown tenant, not an empty chain
    const reader = this.deps.reader;
    if (!reader) throw new ApiError("unavailable", "No sidecar is configured to read audit from.");
    const { token } = await this.deps.tokens.issue({
      tenantId,
      appId: CONTROL_PLANE_READER,
      scopes: ["audit.read"],
    });
    try {
      const page = await reader.queryAudit({ tenantId, ...opts }, token);
      return { records: page.records.map(auditRecordJson), nextCursor: page.nextCursor };
    } catch (error) {
      throw auditProblem(error);
    }
  }
}
