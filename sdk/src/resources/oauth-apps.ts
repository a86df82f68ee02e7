import { type Caller, segment } from "../caller.js";
import { type ListResponse, PagePromise } from "../pagination.js";
import type { RequestOptions } from "../request-options.js";
import type { App, AppCreateRequest, AppWithSecret } from "../types.js";

/**
 * OAuth app management (`/v1/oauth/apps`), an operator's tool: it needs the client's
 * `adminToken`. Secrets are returned only by `create` and `rotateSecret`, once.
 *
 * @example
 *   const admin = new CpodClient({ baseUrl, adminToken: process.env.CPOD_ADMIN_TOKEN });
 *   const app = await admin.oauth.apps.create({ tenant_id, name: "worker", declared_scopes: ["kv.read"], app_type: "service" });
 */
export class OAuthApps {
  readonly #caller: Caller;

  constructor(caller: Caller) {
    this.#caller = caller;
  }

  /** Registers an app and returns its `client_secret`, shown only this once. */
  async create(body: AppCreateRequest, options?: RequestOptions): Promise<AppWithSecret> {
    const call = {
      method: "POST",
      path: "/v1/oauth/apps",
      body: { kind: "json" as const, value: body },
      options,
    };
    return (await this.#caller.admin<AppWithSecret>(call)).data;
  }

  /** Lists apps in creation order, optionally of one tenant. */
  list(
    params: { tenantId?: string; limit?: number } = {},
    options?: RequestOptions,
  ): PagePromise<App> {
    const query = { tenant_id: params.tenantId, limit: params.limit };
    return new PagePromise(async (cursor) => {
      const call = { method: "GET", path: "/v1/oauth/apps", query: { ...query, cursor }, options };
      return (await this.#caller.admin<ListResponse<App>>(call)).data;
    });
  }

  /** Reads one app (never its secret). */
  async get(clientId: string, options?: RequestOptions): Promise<App> {
    const call = { method: "GET", path: `/v1/oauth/apps/${segment(clientId)}`, options };
    return (await this.#caller.admin<App>(call)).data;
  }

  /** Deletes an app: it gets no new tokens; issued access tokens run out within their lifetime. */
  async delete(clientId: string, options?: RequestOptions): Promise<void> {
    const call = {
      method: "DELETE",
      path: `/v1/oauth/apps/${segment(clientId)}`,
      parse: "none" as const,
      options,
    };
    await this.#caller.admin(call);
  }

  /** Issues a new secret (the old one stops working at once) and returns it once. */
  async rotateSecret(clientId: string, options?: RequestOptions): Promise<AppWithSecret> {
    const call = {
      method: "POST",
      path: `/v1/oauth/apps/${segment(clientId)}/rotate-secret`,
      options,
    };
    return (await this.#caller.admin<AppWithSecret>(call)).data;
  }
}
