/** A tenant as the sidecar needs it: may it act, and within which limits. */
export interface TenantInfo {
  id: string;
  status: "active" | "suspended";
  plan: string;
  limits: TenantLimits;
}

/** Request-rate limits of a tenant (per tenant/app/route class), from its plan. */
export interface TenantLimits {
  requestsPerWindow: number;
  windowMs: number;
  burst: number;
}

/**
 * Where the sidecar learns about tenants. The control plane owns them; the sidecar only reads.
 * `resolve` answers undefined for an unknown tenant, which every caller treats as deny.
 */
export interface TenantDirectory {
  resolve(tenantId: string): Promise<TenantInfo | undefined>;
  close(): Promise<void>;
}

/** Limits per plan. A plan the sidecar does not know gets the free plan's limits. */
export const PLAN_LIMITS: Readonly<Record<string, TenantLimits>> = {
  free: { requestsPerWindow: 100, windowMs: 10_000, burst: 100 },
  pro: { requestsPerWindow: 1_000, windowMs: 10_000, burst: 1_000 },
  enterprise: { requestsPerWindow: 10_000, windowMs: 10_000, burst: 10_000 },
};

/** The limits of a plan (free when unknown). */
export function limitsForPlan(plan: string): TenantLimits {
  return PLAN_LIMITS[plan] ?? (PLAN_LIMITS.free as TenantLimits);
}
