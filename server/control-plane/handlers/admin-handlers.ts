import type { components } from "../../../gen/openapi/controlPlane.js";
import type { ControlPlaneHandlers } from "../../../gen/routes/controlPlane.js";
import { restAuditCursor, sidecarAuditCursor } from "../../shared/audit/audit-cursor.js";
import type { AppService } from "../apps/app-service.js";
import type { AuditExport } from "../audit/audit-export.js";
import type { OutboxRelay } from "../audit/outbox-relay.js";
import type { AdminCursors } from "../http/cursor.js";
import type { SigningKeyService } from "../keys/signing-key-service.js";
import type { App, Page, PageQuery, Tenant } from "../store/control-plane-store.js";
import { type TenantService, tenantBody } from "../tenants/tenant-service.js";
import type { ControlPlaneContext } from "./context.js";

type Scope = components["schemas"]["Scope"];
type AdminOperation =
  | "createTenant"
  | "listTenants"
  | "getTenant"
  | "updateTenant"
  | "suspendTenant"
  | "resumeTenant"
  | "listTenantApps"
  | "createApp"
  | "listApps"
  | "getApp"
  | "deleteApp"
  | "rotateAppSecret"
  | "rotateSigningKey"
  | "exportTenantAudit"
  | "exportPlatformAudit";

/** What the admin handlers call. */
export interface AdminServices {
  tenants: TenantService;
  apps: AppService;
  signingKeys: SigningKeyService;
  auditExport: AuditExport;
  cursors: AdminCursors;
  relay: OutboxRelay;
  /** How long deleting an app waits for its tokens to reach the sidecar's deny-list. */
  revocationWaitMs?: number;
}

const NO_STORE = { "cache-control": "no-store" };

/** An app as the API shows it (the contract's `App`): never a secret or its hash. */
export function appBody(app: App) {
  return {
    client_id: app.clientId,
    tenant_id: app.tenantId,
    name: app.name,
    declared_scopes: app.declaredScopes as Scope[],
    app_type: app.appType,
    created_at: app.createdAt.toISOString(),
    secret_rotated_at: app.secretRotatedAt?.toISOString() ?? null,
  };
}

/**
 * The `Idempotency-Key` header. Node lower-cases header names; the generated input type keeps
 * the spec's spelling, so it is read by its runtime name here.
 */
const idempotencyKeyOf = (headers: object): string | undefined =>
  (headers as Record<string, string | undefined>)["idempotency-key"];

const typedTenant = (t: Tenant) => tenantBody(t) as components["schemas"]["Tenant"];

/** A list request's paging parameters (the contract's `Limit` and `Cursor`). */
interface PageParams {
  limit?: number;
  cursor?: string;
}

/**
 * The one paging of the admin lists: the cursor is decoded in the list's own `scope` (a cursor
 * of another list, or of the same list with other filters, is refused, not misread), the page
 * read, and the next position encoded in that scope again. `limit` is always set by request
 * validation (the contract's default, 50).
 */
async function paged<T>(
  cursors: AdminCursors,
  scope: string,
  query: PageParams,
  list: (q: PageQuery) => Promise<Page<T>>,
): Promise<{ items: T[]; next_cursor: string | null }> {
  const page = await list({ after: cursors.decode(scope, query.cursor), limit: query.limit ?? 50 });
  const next = page.next === undefined ? null : cursors.encode(scope, page.next);
  return { items: page.items, next_cursor: next };
}

/** One page of apps, all or one tenant's, in the cursor scope of the route that asked. */
async function appPage(
  s: AdminServices,
  scope: string,
  query: PageParams,
  tenantId: string | undefined,
) {
  const body = await paged(s.cursors, scope, query, (q) => s.apps.list({ ...q, tenantId }));
  return { ...body, items: body.items.map(appBody) };
}

/**
 * The admin routes (admin token checked by the `adminAuth` hook before these run): thin
 * translations between the contract's JSON and the services.
 */
export function adminHandlers(
  s: AdminServices,
): Pick<ControlPlaneHandlers<ControlPlaneContext>, AdminOperation> {
  return {
    async createTenant({ body, headers }, ctx) {
      const idempotencyKey = idempotencyKeyOf(headers);
      const tenant = await s.tenants.create(body, { requestId: ctx.requestId, idempotencyKey });
      const location = `/v1/tenants/${tenant.id}`;
      return {
        status: 201,
        body: tenant as components["schemas"]["Tenant"],
        headers: { location },
      };
    },
    async listTenants({ query }) {
      const body = await paged(s.cursors, "tenants", query, (q) => s.tenants.list(q));
      return { status: 200, body: { ...body, items: body.items.map(typedTenant) } };
    },
    async getTenant({ params }) {
      return { status: 200, body: typedTenant(await s.tenants.get(params.tenant_id)) };
    },
    async updateTenant({ params, body }, ctx) {
      const tenant = await s.tenants.update(params.tenant_id, body, { requestId: ctx.requestId });
      return { status: 200, body: typedTenant(tenant) };
    },
    async suspendTenant({ params }, ctx) {
      const tenant = await s.tenants.suspend(params.tenant_id, { requestId: ctx.requestId });
      return { status: 200, body: typedTenant(tenant) };
    },
    async resumeTenant({ params }, ctx) {
      const tenant = await s.tenants.resume(params.tenant_id, { requestId: ctx.requestId });
      return { status: 200, body: typedTenant(tenant) };
    },
    async listTenantApps({ params, query }) {
      // Its own cursor scope: a cursor of another list (or tenant) is refused, not misread.
      const scope = `tenantApps:${params.tenant_id}`;
      return { status: 200, body: await appPage(s, scope, query, params.tenant_id) };
    },
    async exportTenantAudit({ params, query }, ctx) {
      const cursor = query.cursor === undefined ? undefined : sidecarAuditCursor(query.cursor);
      // `limit` is always set: the contract's default (50) is filled in by request validation.
      const page = await s.auditExport.page(
        params.tenant_id,
        { limit: query.limit, cursor },
        { requestId: ctx.requestId },
      );
      const items = page.records as components["schemas"]["AuditRecord"][];
      const next = page.nextCursor ? restAuditCursor(page.nextCursor) : null;
      return { status: 200, body: { items, next_cursor: next }, headers: NO_STORE };
    },
    async exportPlatformAudit({ query }, ctx) {
      const cursor = query.cursor === undefined ? undefined : sidecarAuditCursor(query.cursor);
      const page = await s.auditExport.platformPage(
        { limit: query.limit, cursor },
        { requestId: ctx.requestId },
      );
      const items = page.records as components["schemas"]["PlatformAuditRecord"][];
      const next = page.nextCursor ? restAuditCursor(page.nextCursor) : null;
      return { status: 200, body: { items, next_cursor: next }, headers: NO_STORE };
    },
    async createApp({ body, headers }, ctx) {
      const idempotencyKey = idempotencyKeyOf(headers);
      const { app, secret } = await s.apps.create(body, {
        requestId: ctx.requestId,
        idempotencyKey,
      });
      const location = `/v1/oauth/apps/${encodeURIComponent(app.clientId)}`;
      const withSecret = { ...appBody(app), client_secret: secret };
      return { status: 201, body: withSecret, headers: { ...NO_STORE, location } };
    },
    async listApps({ query }) {
      const scope = `apps:${query.tenant_id ?? "*"}`;
      return { status: 200, body: await appPage(s, scope, query, query.tenant_id) };
    },
    async getApp({ params }) {
      return { status: 200, body: appBody(await s.apps.get(params.client_id)) };
    },
    async deleteApp({ params }, ctx) {
      const pending = await s.apps.delete(params.client_id, { requestId: ctx.requestId });
      // The deletion is committed either way, and its deny-list entry stays queued until the
      // sidecar takes it. Waiting here makes a 204 mean "its tokens are refused now" whenever
      // the sidecar is reachable (a retried DELETE would only get 404, so no 503 after commit).
      await s.relay.deliveredWithin(pending, s.revocationWaitMs ?? 3_000);
      return { status: 204, body: undefined };
    },
    async rotateAppSecret({ params, headers }, ctx) {
      const idempotencyKey = idempotencyKeyOf(headers);
      const { app, secret } = await s.apps.rotateSecret(params.client_id, {
        requestId: ctx.requestId,
        idempotencyKey,
      });
      return { status: 200, body: { ...appBody(app), client_secret: secret }, headers: NO_STORE };
    },
    async rotateSigningKey({ headers }, ctx) {
      const idempotencyKey = idempotencyKeyOf(headers);
      const body = await s.signingKeys.rotate({ requestId: ctx.requestId, idempotencyKey });
      return { status: 200, body };
    },
  };
}
