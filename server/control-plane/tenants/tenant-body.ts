import type {
  Tenant,
  TenantChanges,
  TenantLimitOverrides,
  TenantPlan,
} from "../store/control-plane-store.js";

/** The contract's `TenantLimits` (snake_case, each field optional). */
export interface LimitsBody {
  requests_per_window?: number;
  window_seconds?: number;
}

/** The contract's `TenantUpdateRequest`. */
export interface TenantUpdateBody {
  name?: string;
  plan?: TenantPlan;
  limits?: LimitsBody | null;
}

/** Overrides as the API shows them; null when there are none. */
export function limitsBody(limits: TenantLimitOverrides | null): LimitsBody | null {
  if (!limits) return null;
  const body: LimitsBody = {};
  if (limits.requestsPerWindow !== undefined) body.requests_per_window = limits.requestsPerWindow;
  if (limits.windowSeconds !== undefined) body.window_seconds = limits.windowSeconds;
  return body;
}

/** Tenants as the API shows them (the contract's `Tenant`). */
export function tenantBody(t: Tenant) {
  return {
    id: t.id,
    name: t.name,
    status: t.status,
    plan: t.plan,
    limits: limitsBody(t.limits),
    created_at: t.createdAt.toISOString(),
  };
}

/** The answer for a tenant create, as recorded for idempotent replays. */
export type TenantBody = ReturnType<typeof tenantBody>;

/** An update body (already validated against the contract) as store changes. */
export function tenantChanges(body: TenantUpdateBody): TenantChanges {
  const changes: TenantChanges = {};
  if (body.name !== undefined) changes.name = body.name;
  if (body.plan !== undefined) changes.plan = body.plan;
  if (body.limits === null) changes.limits = null;
  else if (body.limits !== undefined) {
    changes.limits = {};
    const { requests_per_window: perWindow, window_seconds: seconds } = body.limits;
    if (perWindow !== undefined) changes.limits.requestsPerWindow = perWindow;
    if (seconds !== undefined) changes.limits.windowSeconds = seconds;
  }
  return changes;
}

/**
 * The audited view of an update: each field the request named, as it was and as it is now, so
 * the record shows what changed without repeating the fields that were left alone.
 */
export function changedFields(body: TenantUpdateBody, before: Tenant, after: Tenant) {
  const fields = (["name", "plan", "limits"] as const).filter((f) => body[f] !== undefined);
  const view = (t: Tenant) => {
    const all = tenantBody(t);
    return Object.fromEntries(fields.map((f) => [f, all[f]]));
  };
  return { fields, before: view(before), after: view(after) };
}
