import { SidecarError } from "../../errors/sidecar-error.js";
import { parseOverrides, withOverrides } from "../limit-overrides.js";
import type { TenantDirectory, TenantInfo } from "../tenant-directory.js";

/**
 * A lookup's outcome: the tenant (undefined: none), or the failure to answer again until expiry.
 * `refreshAt`: from then on a call still gets the cached tenant, and starts one lookup in the
 * background, so under steady traffic the entry is renewed before it expires.
 */
type CacheEntry =
  | { value: TenantInfo | undefined; failure?: undefined; refreshAt: number; expires: number }
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

/** Renew an entry once this share of its time is used up (the last quarter is the margin). */
const REFRESH_AFTER = 0.75;

/**
 * Tenants read from the control plane's admin API (`GET /v1/tenants/{id}`), cached briefly so a
 * suspension, resume, plan change or limit override takes effect within `ttlMs` while the hot
 * path makes no network call. Limits are the plan's with the tenant's overrides applied; limit
 * fields this sidecar does not know (a newer control plane) are ignored and logged once each. A
 * failed lookup is cached too, for {@link FAILED_LOOKUP_TTL_MS}.
 *
 * A tenant in use is renewed before it expires: in the last quarter of its time a call still
 * gets the cached tenant and starts one lookup in the background. Only a tenant not asked for
 * in that window (or whose renewal failed) is looked up while its caller waits — and then once:
 * calls for the same tenant meanwhile share that one lookup. Without this, every admission of a
 * busy tenant waited for the control plane once per `ttlMs`, all of them at once (one request
 * each), and behind whatever the control plane's database was doing (issue #15: 60–90 ms KV
 * reads during a write burst in `cpod dev`, every 5 s).
 */
export class HttpTenantDirectory implements TenantDirectory {
  readonly #cache = new Map<string, CacheEntry>();
  /** Lookups under way, by tenant: the one every caller of that tenant waits for meanwhile. */
  readonly #pending = new Map<string, Promise<TenantInfo | undefined>>();
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
    const now = this.#now();
    const hit = this.#cache.get(tenantId);
    if (hit && hit.expires > now) {
      if (hit.failure) throw hit.failure;
      if (now >= hit.refreshAt) this.#renew(tenantId, hit);
      return hit.value;
    }
    return this.#lookup(tenantId, true);
  }

  #now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /**
   * Starts a background lookup of a tenant still cached. A failed one keeps the cached tenant
   * (still within its time) and is tried again no sooner than {@link FAILED_LOOKUP_TTL_MS}.
   */
  #renew(tenantId: string, entry: CacheEntry & { failure?: undefined }): void {
    if (this.#pending.has(tenantId)) return;
    entry.refreshAt = this.#now() + FAILED_LOOKUP_TTL_MS;
    this.#lookup(tenantId, false).catch(() => {
      // the cached tenant stands until it expires; a caller after that sees the failure
    });
  }

  /**
   * One lookup per tenant at a time; `cacheFailure`: a failure is cached (a caller waits), else
   * only if the cached tenant has expired by then. A failure is kept for
   * {@link FAILED_LOOKUP_TTL_MS} from when it happened (a lookup may take its 2 s timeout).
   */
  #lookup(tenantId: string, cacheFailure: boolean): Promise<TenantInfo | undefined> {
    const pending = this.#pending.get(tenantId);
    if (pending) return pending;
    const lookup = this.#load(tenantId, cacheFailure).finally(() => this.#pending.delete(tenantId));
    this.#pending.set(tenantId, lookup);
    return lookup;
  }

  async #load(tenantId: string, cacheFailure: boolean): Promise<TenantInfo | undefined> {
    // Times count from before the request: the answer may be that old when it arrives.
    const now = this.#now();
    const ttlMs = this.opts.ttlMs ?? DEFAULT_TENANT_CACHE_TTL_MS;
    let value: TenantInfo | undefined;
    try {
      value = await this.#fetch(tenantId);
    } catch (error) {
      const failure = error as SidecarError;
      // A renewal's failure is kept too once the tenant it renewed has expired meanwhile: the
      // callers who joined it got this failure, and the next ones should not ask again at once.
      const failedAt = this.#now();
      const cached = this.#cache.get(tenantId);
      if (cacheFailure || !cached || cached.expires <= failedAt) {
        const expires = failedAt + Math.min(ttlMs, FAILED_LOOKUP_TTL_MS);
        this.#cache.set(tenantId, { failure, expires });
      }
      throw failure;
    }
    const refreshAt = now + Math.floor(ttlMs * REFRESH_AFTER);
    this.#cache.set(tenantId, { value, refreshAt, expires: now + ttlMs });
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
