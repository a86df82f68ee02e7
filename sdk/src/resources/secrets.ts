import { type Caller, segment } from "../caller.js";
import { type ListResponse, PagePromise } from "../pagination.js";
import type { RequestOptions } from "../request-options.js";
import type { Secret, SecretMetadata } from "../types.js";

/** Options of `set`. */
export interface SecretSetOptions extends RequestOptions {
  /** What the secret is for; shown in listings, so never the value. */
  description?: string;
}

/**
 * Encrypted tenant secrets (`/v1/secrets`). `set` and `list` never return values; only `get`
 * does.
 *
 * @example
 *   await client.secrets.set("STRIPE_API_KEY", "sk_test_…", { description: "billing" });
 *   const { value } = await client.secrets.get("STRIPE_API_KEY");
 */
export class Secrets {
  readonly #caller: Caller;

  constructor(caller: Caller) {
    this.#caller = caller;
  }

  /** Creates or replaces a secret; answers its metadata (never the value). */
  async set(name: string, value: string, options: SecretSetOptions = {}): Promise<SecretMetadata> {
    const body = { value, description: options.description };
    const call = {
      method: "PUT",
      path: `/v1/secrets/${segment(name)}`,
      body: { kind: "json" as const, value: body },
      options,
    };
    return (await this.#caller.app<SecretMetadata>(call)).data;
  }

  /** Reads a secret with its decrypted value; a missing one throws `NotFoundError`. */
  async get(name: string, options?: RequestOptions): Promise<Secret> {
    const call = { method: "GET", path: `/v1/secrets/${segment(name)}`, options };
    return (await this.#caller.app<Secret>(call)).data;
  }

  /** Deletes a secret; deleting a missing one succeeds. */
  async delete(name: string, options?: RequestOptions): Promise<void> {
    const call = {
      method: "DELETE",
      path: `/v1/secrets/${segment(name)}`,
      parse: "none" as const,
      options,
    };
    await this.#caller.app(call);
  }

  /** Lists names and metadata in name order. */
  list(params: { limit?: number } = {}, options?: RequestOptions): PagePromise<SecretMetadata> {
    return new PagePromise(async (cursor) => {
      const call = {
        method: "GET",
        path: "/v1/secrets",
        query: { limit: params.limit, cursor },
        options,
      };
      return (await this.#caller.app<ListResponse<SecretMetadata>>(call)).data;
    });
  }
}
