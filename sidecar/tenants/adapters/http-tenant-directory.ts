import { SidecarError } from "../../errors/sidecar-error.js";
import { limitsForPlan, type TenantDirectory, type TenantInfo } from "../tenant-directory.js";

interface CacheEntry {
  value: TenantInfo | undefined;
  expires: number;
}

/**
 * Tenants read from the control plane's admin API (`GET /v1/tenants/{id}`), cached briefly so a
 * suspension takes effect within `ttlMs` while the hot path makes no network call.
 */
export class HttpTenantDirectory implements TenantDirectory {
  readonly #cache = new Map<string, CacheEntry>();

  constructor(
    private readonly opts: {
      baseUrl: string;
      adminToken: string;
      ttlMs?: number;
      fetch?: typeof fetch;
      now?: () => number;
    },
  ) {}

  async resolve(tenantId: string): Promise<TenantInfo | undefined> {
    const now = (this.opts.now ?? Date.now)();
    const hit = this.#cache.get(tenantId);
    if (hit && hit.expires > now) return hit.value;
    const value = await this.#fetch(tenantId);
    this.#cache.set(tenantId, { value, expires: now + (this.opts.ttlMs ?? 5_000) });
    return value;
  }

  async #fetch(tenantId: string): Promise<TenantInfo | undefined> {
    const url = new URL(`/v1/tenants/${encodeURIComponent(tenantId)}`, this.opts.baseUrl);
    let response: Response;
    try {
      response = await (this.opts.fetch ?? fetch)(url, {
        headers: { authorization: `Bearer ${this.opts.adminToken}`, accept: "application/json" },
        signal: AbortSignal.timeout(2_000),
      });
    } catch (error) {
      throw new SidecarError("unavailable", "control plane unreachable", { cause: error });
    }
    if (response.status === 404) return undefined;
    if (!response.ok)
      throw new SidecarError("unavailable", `control plane answered ${response.status}`);
    const body = (await response.json()) as { id: string; status: string; plan: string };
    const status = body.status === "active" ? "active" : "suspended";
    return { id: body.id, status, plan: body.plan, limits: limitsForPlan(body.plan) };
  }

  async close(): Promise<void> {
    this.#cache.clear();
  }
}
