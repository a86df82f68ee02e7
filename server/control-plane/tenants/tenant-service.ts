import { ulid } from "ulid";
import { ApiError } from "../../shared/errors/api-error.js";
import type { AdminRequest } from "../admin-request.js";
import { auditMessage } from "../audit/outbox-messages.js";
import type { Idempotency } from "../idempotency/idempotency.js";
import type {
  ControlPlaneStore,
  Page,
  PageQuery,
  Tenant,
  TenantPlan,
} from "../store/control-plane-store.js";
import {
  changedFields,
  type TenantBody,
  type TenantUpdateBody,
  tenantBody,
  tenantChanges,
} from "./tenant-body.js";

export { type TenantBody, tenantBody } from "./tenant-body.js";

const notFound = () => new ApiError("not_found", "No tenant with this id.");

/**
 * Tenant management: create, list, get, update, suspend, resume (a tenant's apps: AppService). Every
 * change is audited into the tenant's own chain in the same transaction (so a change and its
 * record commit together), with the state it replaced. Update, suspend and resume set a state
 * rather than apply a delta, so each is idempotent without an `Idempotency-Key`.
 *
 * @example
 *   const tenant = await tenants.create({ name: "Acme" }, { requestId });
 */
export class TenantService {
  constructor(
    private readonly deps: {
      store: ControlPlaneStore;
      idempotency: Idempotency;
      now?: () => Date;
    },
  ) {}

  create(input: { name: string; plan?: TenantPlan }, req: AdminRequest): Promise<TenantBody> {
    const request = { name: input.name, plan: input.plan ?? "free" };
    return this.deps.idempotency.run(
      { scope: "createTenant", key: req.idempotencyKey, request },
      async (tx) => {
        const now = this.#now();
        const tenant: Tenant = {
          id: `ten_${ulid()}`,
          status: "active",
          limits: null,
          createdAt: now,
          ...request,
        };
        await tx.tenants.insert(tenant);
        await tx.outbox.add(
          auditMessage({
            tenantId: tenant.id,
            action: "tenants.create",
            resource: { type: "tenant", id: tenant.id },
            status: 201,
            requestId: req.requestId,
            metadata: { name: tenant.name, plan: tenant.plan },
            at: now,
          }),
        );
        const body = tenantBody(tenant);
        return { result: body, record: { status: 201, body } };
      },
      // Answers recorded before tenants had `limits` lacked the field; it was null then.
      (recorded) => ({ limits: null, ...(recorded.body as Omit<TenantBody, "limits">) }),
    );
  }

  list(query: PageQuery): Promise<Page<Tenant>> {
    return this.deps.store.tenants.list(query);
  }

  async get(id: string): Promise<Tenant> {
    const tenant = await this.deps.store.tenants.get(id);
    if (!tenant) throw notFound();
    return tenant;
  }

  /** Applies the fields the body names; the audit record holds them before and after. */
  async update(id: string, body: TenantUpdateBody, req: AdminRequest): Promise<Tenant> {
    const now = this.#now();
    return this.deps.store.transaction(async (tx) => {
      const before = await tx.tenants.getForUpdate(id);
      const after = before && (await tx.tenants.update(id, tenantChanges(body)));
      if (!after) throw notFound();
      const { fields, before: was, after: is } = changedFields(body, before, after);
      await tx.outbox.add(
        auditMessage({
          tenantId: id,
          action: "tenants.update",
          resource: { type: "tenant", id },
          status: 200,
          requestId: req.requestId,
          metadata: { fields, before: was, after: is },
          at: now,
        }),
      );
      return after;
    });
  }

  /** Suspends at once; suspending a suspended tenant changes nothing (safe to retry). */
  suspend(id: string, req: AdminRequest): Promise<Tenant> {
    return this.#setStatus(id, "tenants.suspend", req, (tx, at) => tx.tenants.suspend(id, at));
  }

  /** Undoes a suspension; resuming an active tenant changes nothing (safe to retry). */
  resume(id: string, req: AdminRequest): Promise<Tenant> {
    return this.#setStatus(id, "tenants.resume", req, (tx) => tx.tenants.resume(id));
  }

  /** One status change and its audit record (with the status it replaced), in one transaction. */
  #setStatus(
    id: string,
    action: string,
    req: AdminRequest,
    set: (tx: ControlPlaneStore, at: Date) => Promise<Tenant | undefined>,
  ): Promise<Tenant> {
    const now = this.#now();
    return this.deps.store.transaction(async (tx) => {
      const before = await tx.tenants.getForUpdate(id);
      const after = before && (await set(tx, now));
      if (!after) throw notFound();
      await tx.outbox.add(
        auditMessage({
          tenantId: id,
          action,
          resource: { type: "tenant", id },
          status: 200,
          requestId: req.requestId,
          metadata: { previous_status: before.status },
          at: now,
        }),
      );
      return after;
    });
  }

  #now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }
}
