import { type Caller, segment } from "../caller.js";
import { type ListResponse, PagePromise } from "../pagination.js";
import type { RequestOptions } from "../request-options.js";
import type { KvEntry, KvListItem, Tier } from "../types.js";

/** Options every KV call takes: the tier (default `private`, this app only). */
export interface KvOptions extends RequestOptions {
  tier?: Tier;
}

/** Options of `set`: expiry and compare-and-set. */
export interface KvSetOptions extends KvOptions {
  /** Expire after this many seconds; absent clears any previous expiry. */
  ttlSeconds?: number;
  /** Write only if the entry is at this version (`0` = only if absent); else `PreconditionFailedError`. */
  ifVersion?: number;
}

/** Options of `delete`: delete only the version you read. */
export interface KvDeleteOptions extends KvOptions {
  ifVersion?: number;
}

/** Options of `list`: key prefix and page size. */
export interface KvListOptions extends KvOptions {
  prefix?: string;
  limit?: number;
}

/**
 * Small JSON values by key, with versions, TTLs and atomic counters (`/v1/kv`).
 *
 * @example
 *   await client.kv.set("cart:42", { items: 2 }, { ttlSeconds: 3600 });
 *   const entry = await client.kv.get<{ items: number }>("cart:42");
 */
export class Kv {
  readonly #caller: Caller;

  constructor(caller: Caller) {
    this.#caller = caller;
  }

  /** Reads an entry; a missing key throws `NotFoundError`. */
  async get<V = unknown>(key: string, options: KvOptions = {}): Promise<KvEntry<V>> {
    const call = {
      method: "GET",
      path: `/v1/kv/${segment(key)}`,
      query: { tier: options.tier },
      options,
    };
    return (await this.#caller.app<KvEntry<V>>(call)).data;
  }

  /** Creates or replaces an entry and returns it with its new version. */
  async set<V>(key: string, value: V, options: KvSetOptions = {}): Promise<KvEntry<V>> {
    const body = { value, ttl_seconds: options.ttlSeconds, if_version: options.ifVersion };
    const call = {
      method: "PUT",
      path: `/v1/kv/${segment(key)}`,
      query: { tier: options.tier },
      body: { kind: "json" as const, value: body },
      options,
    };
    return (await this.#caller.app<KvEntry<V>>(call)).data;
  }

  /** Deletes an entry; deleting a missing key succeeds, so a retried delete cannot fail. */
  async delete(key: string, options: KvDeleteOptions = {}): Promise<void> {
    const query = { tier: options.tier, if_version: options.ifVersion };
    const call = {
      method: "DELETE",
      path: `/v1/kv/${segment(key)}`,
      query,
      parse: "none" as const,
      options,
    };
    await this.#caller.app(call);
  }

  /** Atomically adds `by` (default 1) to an integer entry and returns the new value. */
  async incr(key: string, by = 1, options: KvOptions = {}): Promise<number> {
    const call = {
      method: "POST",
      path: `/v1/kv/${segment(key)}/incr`,
      query: { tier: options.tier },
      body: { kind: "json" as const, value: { by } },
      options,
    };
    return (await this.#caller.app<{ value: number }>(call)).data.value;
  }

  /** Lists keys (not values) in lexicographic order. */
  list(options: KvListOptions = {}): PagePromise<KvListItem> {
    const query = { tier: options.tier, prefix: options.prefix, limit: options.limit };
    return new PagePromise(async (cursor) => {
      const call = { method: "GET", path: "/v1/kv", query: { ...query, cursor }, options };
      return (await this.#caller.app<ListResponse<KvListItem>>(call)).data;
    });
  }
}
