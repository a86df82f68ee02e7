import { readFile } from "node:fs/promises";
import { limitsForPlan, type TenantDirectory, type TenantInfo } from "../tenant-directory.js";

/** One entry of a tenants file: `[{ "id": "...", "status": "active", "plan": "free" }]`. */
interface TenantEntry {
  id: string;
  status?: "active" | "suspended";
  plan?: string;
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
      throw new TypeError(`${path}: expected a JSON array of {id, status?, plan?}`);
    }
    return new MemoryTenantDirectory(parsed as TenantEntry[]);
  }

  /** Adds or replaces a tenant (e.g. after the control plane suspends it). */
  put(entry: TenantEntry): void {
    const plan = entry.plan ?? "free";
    const status = entry.status ?? "active";
    this.#tenants.set(entry.id, { id: entry.id, status, plan, limits: limitsForPlan(plan) });
  }

  async resolve(tenantId: string): Promise<TenantInfo | undefined> {
    return this.#tenants.get(tenantId);
  }

  async close(): Promise<void> {}
}
