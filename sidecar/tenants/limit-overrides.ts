import { limitsForPlan, type TenantLimits } from "./tenant-directory.js";

/**
 * A tenant's overrides of its plan's request-rate limit, in the control plane's shape
 * (`TenantLimits` in openapi/components/schemas/tenants.yaml), so one shape is set by the admin
 * API, read back from it and written in a tenants file. Each absent field keeps the plan's.
 */
export interface LimitOverrides {
  requests_per_window?: number;
  window_seconds?: number;
}

const FIELDS = ["requests_per_window", "window_seconds"] as const;

/** A whole number above zero: every limit, window and burst (the one check for all sources). */
export const positiveInt = (n: unknown): n is number =>
  Number.isSafeInteger(n) && (n as number) > 0;

/**
 * Checks a value read from outside (a control-plane answer, a tenants file): null/undefined is
 * "no overrides"; anything else must be an object whose known fields are positive integers.
 * Throws a TypeError saying what is wrong, for the caller to name its source.
 *
 * Unknown fields are refused unless `ignoreUnknown` is given: a tenants file is written by hand,
 * where an unknown field is a typo to report; a control plane newer than this sidecar may add a
 * field it cannot know, which must not make the tenant unservable — those are dropped and
 * reported to `ignoreUnknown` (the known fields still apply).
 */
export function parseOverrides(
  value: unknown,
  ignoreUnknown?: (fields: string[]) => void,
): LimitOverrides | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError("limits must be an object or null");
  }
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0 && !ignoreUnknown) {
    throw new TypeError(`limits has unknown fields: ${unknown.join(", ")}`);
  }
  const overrides: LimitOverrides = {};
  for (const field of FIELDS) {
    if (fields[field] === undefined) continue;
    if (!positiveInt(fields[field]))
      throw new TypeError(`limits.${field} must be a positive integer`);
    overrides[field] = fields[field];
  }
  if (unknown.length > 0) ignoreUnknown?.(unknown);
  return overrides;
}

/**
 * The plan's limits with the overrides applied. `burst` follows the limit, as in every plan (a
 * sliding window allows no more than the limit in any window anyway).
 *
 * @example
 *   withOverrides("pro", { requests_per_window: 5000 }); // 5000 per the pro plan's 10 s
 */
export function withOverrides(plan: string, overrides: LimitOverrides | null): TenantLimits {
  const base = limitsForPlan(plan);
  if (!overrides) return base;
  const requestsPerWindow = overrides.requests_per_window ?? base.requestsPerWindow;
  const windowMs =
    overrides.window_seconds === undefined ? base.windowMs : overrides.window_seconds * 1000;
  return { requestsPerWindow, windowMs, burst: requestsPerWindow };
}
