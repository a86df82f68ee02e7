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

/** Tenants as the API shows them (the contract's `Tenant`). */
export function tenantBody(t: Tenant) {
  return {
    id: t.id,
    name: t.name,
    status: t.status,
    plan: t.plan,
    created_at: t.createdAt.toISOString(),
  };
}

/** The answer for a tenant create, as recorded for idempotent replays. */
export type TenantBody = ReturnType<typeof tenantBody>;

/**
 * Tenant management: create, list, get, suspend. Every change is audited into the tenant's own
 * chain in the same transaction (so a change and its record commit together).
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
      (recorded) => recorded.body as TenantBody,
    );
  }

  list(query: PageQuery): Promise<Page<Tenant>> {
    return this.deps.store.tenants.list(query);
  }

  async get(id: string): Promise<Tenant> {
    const tenant = await this.deps.store.tenants.get(id);
    if (!tenant) throw new ApiError("not_found", "No tenant with this id.");
    return tenant;
  }

  /** Suspends at once; suspending a suspended tenant changes nothing (safe to retry). */
  async suspend(id: string, req: AdminRequest): Promise<Tenant> {
    const now = this.#now();
    const tenant = await this.deps.store.transaction(async (tx) => {
      const before = await tx.tenants.get(id);
      const after = before && (await tx.tenants.suspend(id, now));
      if (!after) return undefined;
      await tx.outbox.add(
        auditMessage({
          tenantId: id,
          action: "tenants.suspend",
          resource: { type: "tenant", id },
          status: 200,
          requestId: req.requestId,
          metadata: { previous_status: before.status },
          at: now,
        }),
      );
      return after;
    });
    if (!tenant) throw new ApiError("not_found", "No tenant with this id.");
    return tenant;
  }

  #now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }
}
