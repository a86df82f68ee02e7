import { SidecarError } from "../../errors/sidecar-error.js";
import { parseOverrides, withOverrides } from "../limit-overrides.js";
import type { TenantDirectory, TenantInfo } from "../tenant-directory.js";

/** A lookup's outcome: the tenant (undefined: none), or the failure to answer again until expiry. */
type CacheEntry =
  | { value: TenantInfo | undefined; failure?: undefined; expires: number }
  | { failure: SidecarError; expires: number };

/** How long a tenant is cached unless configured (`CORESDK_TENANT_CACHE_TTL_MS`). */
export const DEFAULT_TENANT_CACHE_TTL_MS = 5_000;

/**
 * How long a failed lookup (control plane unreachable, non-2xx, malformed answer) is answered
 * from the cache (at most the tenant TTL): long enough that a broken answer costs the control
 * plane one request per tenant per second, not one per call; short enough that a fixed one is
 * seen at once.
 */
export const FAILED_LOOKUP_TTL_MS = 1_000;

const stderrLog = (message: string) => console.error(`cpod sidecar: ${message}`);

/**
 * Tenants read from the control plane's admin API (`GET /v1/tenants/{id}`), cached briefly so a
 * suspension, resume, plan change or limit override takes effect within `ttlMs` while the hot
 * path makes no network call. Limits are the plan's with the tenant's overrides applied; limit
 * fields this sidecar does not know (a newer control plane) are ignored and logged once each. A
 * failed lookup is cached too, for {@link FAILED_LOOKUP_TTL_MS}.
 */
export class HttpTenantDirectory implements TenantDirectory {
  readonly #cache = new Map<string, CacheEntry>();
  readonly #reportedFields = new Set<string>();

  constructor(
    private readonly opts: {
      baseUrl: string;
      adminToken: string;
      ttlMs?: number;
      fetch?: typeof fetch;
      now?: () => number;
      /** Operational messages (unknown limit fields); default stderr. */
      log?: (message: string) => void;
    },
  ) {}

  async resolve(tenantId: string): Promise<TenantInfo | undefined> {
    const now = (this.opts.now ?? Date.now)();
    const hit = this.#cache.get(tenantId);
    if (hit && hit.expires > now) {
      if (hit.failure) throw hit.failure;
      return hit.value;
    }
    const ttlMs = this.opts.ttlMs ?? DEFAULT_TENANT_CACHE_TTL_MS;
    let value: TenantInfo | undefined;
    try {
      value = await this.#fetch(tenantId);
    } catch (error) {
      const failure = error as SidecarError;
      this.#cache.set(tenantId, { failure, expires: now + Math.min(ttlMs, FAILED_LOOKUP_TTL_MS) });
      throw failure;
    }
    this.#cache.set(tenantId, { value, expires: now + ttlMs });
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
      return withOverrides(
        body.plan,
        parseOverrides(body.limits, (f) => this.#ignored(f)),
      );
    } catch (error) {
      const reason = (error as Error).message;
      throw new SidecarError("unavailable", `control plane's tenant ${body.id}: ${reason}`);
    }
  }

  /** Logs each unknown limit field once per process, not once per lookup. */
  #ignored(fields: string[]): void {
    const fresh = fields.filter((f) => !this.#reportedFields.has(f));
    if (fresh.length === 0) return;
    for (const f of fresh) this.#reportedFields.add(f);
    const names = fresh.map((f) => `limits.${f}`).join(", ");
    (this.opts.log ?? stderrLog)(
      `ignoring ${names} from the control plane: unknown to this sidecar (upgrade it to apply)`,
    );
  }

  async close(): Promise<void> {
    this.#cache.clear();
  }
}
