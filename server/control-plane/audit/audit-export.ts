import { setTimeout } from "node:timers/promises";
import { JWKS_REFETCH_COOLDOWN_MS } from "../../../lib/sidecar-wire.js";
import { type AuditRecordJson, auditRecordJson } from "../../shared/audit/audit-record-json.js";
import { ApiError } from "../../shared/errors/api-error.js";
import type { AdminRequest } from "../admin-request.js";
import type { AccessTokens } from "../oauth/access-tokens.js";
import type { AuditReader } from "../sidecar/audit-reader.js";
import type { ControlPlaneStore } from "../store/control-plane-store.js";
import type { TenantService } from "../tenants/tenant-service.js";
import { auditProblem, unknownSigningKey } from "./audit-problem.js";
import { auditMessage, PLATFORM_CHAIN } from "./outbox-messages.js";

/**
 * The `app_id` (and `sub`) of the tokens the control plane mints for itself to read a chain. No
 * app has it (client ids are generated), so it can never be confused with a tenant's app.
 */
export const CONTROL_PLANE_READER = "cpod-control-plane";

/**
 * Lifetime of a reader token: one Query round trip needs seconds. It cannot be revoked (no app
 * owns it), so it must not outlive its page by much; policy/authz.rego also refuses its
 * `app_id` at every Admit, so it is no bearer token at the gateway even while it lives.
 */
export const READER_TOKEN_TTL_SECS = 60;

/**
 * The sidecar's unknown-kid refetch cooldown and a margin: after it, a sidecar that refused our
 * token's kid refetches the JWKS on the next try.
 */
const SIDECAR_JWKS_COOLDOWN_MS = JWKS_REFETCH_COOLDOWN_MS + 500;

/** One page of a tenant's chain, with the sidecar's cursor for the next one. */
export interface AuditExportPage {
  records: AuditRecordJson[];
  nextCursor: string | undefined;
}

/**
 * Reads a tenant's audit chain for the admin export (`GET /v1/tenants/{id}/audit/records`). The
 * sidecar serves Query only to a token of the tenant with `audit.read` (DESIGN.md §5: callers
 * are authenticated, not declared); the control plane issues tokens, so it signs itself a
 * short-lived one per page rather than the sidecar trusting a tenant id it is told. Each page
 * read is audited (`audit.export`, actor admin) into the platform chain, so dumping a chain
 * leaves a trace; not into the tenant's own chain, which would grow while it is being read.
 *
 * @example
 *   const page = await exporter.page("t_1", { limit: 50 }, { requestId });
 */
export class AuditExport {
  constructor(
    private readonly deps: {
      tenants: TenantService;
      tokens: AccessTokens;
      store: ControlPlaneStore;
      now?: () => Date;
      /** Unset when no sidecar is configured: every export is then `unavailable`. */
      reader: AuditReader | undefined;
    },
  ) {}

  /** One page of a tenant's chain; 404 for an unknown tenant, not an empty chain. */
  async page(
    tenantId: string,
    opts: { limit?: number; cursor?: string },
    req: AdminRequest,
  ): Promise<AuditExportPage> {
    await this.deps.tenants.get(tenantId);
    return this.#read(tenantId, opts, req);
  }

  /** One page of the `_platform` chain (admin actions of no tenant; `exportPlatformAudit`). */
  platformPage(opts: { limit?: number; cursor?: string }, req: AdminRequest) {
    return this.#read(PLATFORM_CHAIN, opts, req);
  }

  async #read(
    chain: string,
    opts: { limit?: number; cursor?: string },
    req: AdminRequest,
  ): Promise<AuditExportPage> {
    const reader = this.deps.reader;
    if (!reader) throw new ApiError("unavailable", "No sidecar is configured to read audit from.");
    const query = async () => {
      const { token } = await this.deps.tokens.issue(
        { tenantId: chain, appId: CONTROL_PLANE_READER, scopes: ["audit.read"] },
        { ttlSecs: READER_TOKEN_TTL_SECS },
      );
      return reader.queryAudit({ tenantId: chain, ...opts }, token);
    };
    let page: Awaited<ReturnType<AuditReader["queryAudit"]>>;
    try {
      page = await query();
    } catch (error) {
      if (!unknownSigningKey(error)) throw auditProblem(error);
      // Keys rotated twice within the sidecar's JWKS refetch cooldown: once it has passed, the
      // sidecar refetches on the unknown kid and knows the key that signs now. One wait, once.
      await setTimeout(SIDECAR_JWKS_COOLDOWN_MS);
      try {
        page = await query();
      } catch (again) {
        throw auditProblem(again);
      }
    }
    await this.#audit(chain, page.records.length, opts.cursor !== undefined, req);
    return { records: page.records.map(auditRecordJson), nextCursor: page.nextCursor };
  }

  /** The trace of one page read, queued in the outbox like every admin audit record. */
  async #audit(tenantId: string, records: number, continued: boolean, req: AdminRequest) {
    const message = auditMessage({
      tenantId: PLATFORM_CHAIN,
      action: "audit.export",
      resource: { type: "audit_chain", id: tenantId },
      status: 200,
      requestId: req.requestId,
      metadata: { tenant_id: tenantId, records, continued },
      at: this.deps.now?.() ?? new Date(),
    });
    await this.deps.store.outbox.add(message);
  }
}
