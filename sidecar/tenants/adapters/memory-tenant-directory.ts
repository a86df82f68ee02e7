import { readFile } from "node:fs/promises";
import {
  type LimitOverrides,
  parseOverrides,
  positiveInt,
  withOverrides,
} from "../limit-overrides.js";
import {
  limitsForPlan,
  type TenantDirectory,
  type TenantInfo,
  type TenantLimits,
} from "../tenant-directory.js";

/** The tenants file's original limits shape: both fields, replacing the plan's outright. */
interface FileLimits {
  requestsPerWindow: number;
  windowMs: number;
  burst?: number;
}

/**
 * One entry of a tenants file: `[{ "id": "...", "status": "active", "plan": "free" }]`. A tenant
 * on a negotiated contract (or a load-test tenant) may carry its own `limits`, either in the
 * control plane's shape, each field overriding the plan's (`{"requests_per_window": 5000,
 * "window_seconds": 10}`, the same object `PATCH /v1/tenants/{id}` takes), or in the file's
 * original shape, replacing them outright (`{"requestsPerWindow": 1000000, "windowMs": 1000}`,
 * `burst` defaulting to the limit).
 */
export interface TenantEntry {
  id: string;
  status?: "active" | "suspended";
  plan?: string;
  limits?: FileLimits | LimitOverrides | null;
}

const isFileShape = (limits: object): limits is FileLimits =>
  ["requestsPerWindow", "windowMs", "burst"].some((key) => key in limits);

/** The entry's own limits when it has valid ones, its plan's otherwise; bad ones throw. */
function limitsOf(entry: TenantEntry, plan: string): TenantLimits {
  const own = entry.limits;
  if (own === undefined || own === null) return limitsForPlan(plan);
  if (typeof own !== "object" || !isFileShape(own)) {
    try {
      return withOverrides(plan, parseOverrides(own));
    } catch (error) {
      throw new TypeError(`tenant ${entry.id}: ${(error as Error).message}`);
    }
  }
  const burst = own.burst ?? own.requestsPerWindow;
  if (![own.requestsPerWindow, own.windowMs, burst].every(positiveInt)) {
    throw new TypeError(
      `tenant ${entry.id}: limits need positive integers requestsPerWindow and windowMs`,
    );
  }
  return { requestsPerWindow: own.requestsPerWindow, windowMs: own.windowMs, burst };
}

/**
 * Tenants held in memory: the embedded mode's directory (`cpod dev` fills it from its control
 * plane) and a standalone sidecar's when `CORESDK_TENANTS_FILE` names a JSON file.
 */
export class MemoryTenantDirectory implements TenantDirectory {
  readonly #tenants = new Map<string, TenantInfo>();

  constructor(entries: TenantEntry[] = []) {
    for (const entry of entries) this.put(entry);
  }

  /** Reads a JSON array of tenants; a malformed file is one clear error naming it. */
  static async fromFile(path: string): Promise<MemoryTenantDirectory> {
    const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
    if (!Array.isArray(parsed) || parsed.some((t) => typeof t?.id !== "string")) {
      throw new TypeError(`${path}: expected a JSON array of {id, status?, plan?, limits?}`);
    }
    try {
      return new MemoryTenantDirectory(parsed as TenantEntry[]);
    } catch (error) {
      throw new TypeError(`${path}: ${(error as Error).message}`);
    }
  }

  /** Adds or replaces a tenant (e.g. after the control plane suspends it). */
  put(entry: TenantEntry): void {
    const plan = entry.plan ?? "free";
    const status = entry.status ?? "active";
    this.#tenants.set(entry.id, { id: entry.id, status, plan, limits: limitsOf(entry, plan) });
  }

  async resolve(tenantId: string): Promise<TenantInfo | undefined> {
    return this.#tenants.get(tenantId);
  }

  async close(): Promise<void> {}
}
