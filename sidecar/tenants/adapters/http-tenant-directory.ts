import { SidecarError } from "../../errors/sidecar-error.js";
import { parseOverrides, withOverrides } from "../limit-overrides.js";
import type { TenantDirectory, TenantInfo } from "../tenant-directory.js";

interface CacheEntry {
  value: TenantInfo | undefined;
  expires: number;
}

/** How long a tenant is cached unless configured (`CORESDK_TENANT_CACHE_TTL_MS`). */
export const DEFAULT_TENANT_CACHE_TTL_MS = 5_000;

/**
 * Tenants read from the control plane's admin API (`GET /v1/tenants/{id}`), cached briefly so a
 * suspension, resume, plan change or limit override takes effect within `ttlMs` while the hot
 * path makes no network call. Limits are the plan's with the tenant's overrides applied.
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
    this.#cache.set(tenantId, {
      value,
      expires: now + (this.opts.ttlMs ?? DEFAULT_TENANT_CACHE_TTL_MS),
    });
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
    const body = (await response.json()) as {
      id: string;
      status: string;
      plan: string;
      limits?: unknown;
    };
    const status = body.status === "active" ? "active" : "suspended";
    return { id: body.id, status, plan: body.plan, limits: this.#limits(body) };
  }

  /** A malformed answer is the control plane's fault: unavailable, never a guessed limit. */
  #limits(body: { id: string; plan: string; limits?: unknown }) {
    try {
      return withOverrides(body.plan, parseOverrides(body.limits));
    } catch (error) {
      const reason = (error as Error).message;
      throw new SidecarError("unavailable", `control plane's tenant ${body.id}: ${reason}`);
    }
  }

  async close(): Promise<void> {
    this.#cache.clear();
  }
}
