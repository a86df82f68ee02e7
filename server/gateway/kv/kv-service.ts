import type { components } from "../../../gen/openapi/gateway.js";
import { ApiError } from "../../shared/errors/api-error.js";
import { checkPrefix, type Scope, scopePrefix, storageKey } from "./kv-scope.js";
import type { KvRecord, KvStore } from "./kv-store.js";

type Schemas = components["schemas"];
/** `GET /v1/kv/{key}` and `PUT` answer this shape. */
export type KvEntry = Schemas["KvEntry"];
/** `PUT /v1/kv/{key}` body. */
export type KvPutRequest = Schemas["KvPutRequest"];
/** One listed key. */
export type KvListItem = Schemas["KvListItem"];

/** Documented in the contract: at most 64 KiB of serialized JSON (413 above). */
export const KV_MAX_VALUE_BYTES = 64 * 1024;
/** The contract's longest TTL: one year. */
export const KV_MAX_TTL_SECONDS = 31_536_000;
/** Page sizes of `listKv`. */
export const KV_PAGE = { default: 50, max: 500 } as const;

/** A page of keys; `next` is a raw position (the last key) that the route signs into a cursor. */
export interface KvPage {
  items: KvListItem[];
  next: string | null;
}

function iso(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}

/**
 * The KV use cases behind `/v1/kv`. It owns everything that must not depend on the adapter:
 * the storage key (built here from the token's scope, never from the client), the value size
 * limit, and turning adapter outcomes into contract errors (412, 409, 413, 404).
 *
 * @example
 *   const kv = new KvService(new MemoryKvStore());
 *   await kv.put(scope, "cart:42", { value: { step: "checkout" }, ttl_seconds: 3600 });
 */
export class KvService {
  readonly #maxBytes: number;

  constructor(
    private readonly store: KvStore,
    options: { maxValueBytes?: number } = {},
  ) {
    this.#maxBytes = options.maxValueBytes ?? KV_MAX_VALUE_BYTES;
  }

  #entry(key: string, record: KvRecord): KvEntry {
    return {
      key,
      value: JSON.parse(record.json),
      version: record.version,
      expires_at: iso(record.expiresAt),
    };
  }

  /** The entry, or `not_found` (also for another tenant's, tier's or app's key). */
  async get(scope: Scope, key: string): Promise<KvEntry> {
    const record = await this.store.get(storageKey(scope, key));
    if (!record) throw new ApiError("not_found", "No such key");
    return this.#entry(key, record);
  }

  /** Creates or replaces; `if_version` makes it a compare-and-set (`precondition_failed`). */
  async put(scope: Scope, key: string, body: KvPutRequest): Promise<KvEntry> {
    const full = storageKey(scope, key);
    const json = JSON.stringify(body.value);
    if (json === undefined) throw new ApiError("validation_failed", "value must be JSON");
    if (Buffer.byteLength(json) > this.#maxBytes)
      throw new ApiError("payload_too_large", `value exceeds ${this.#maxBytes} bytes serialized`);
    const ttl = body.ttl_seconds;
    if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 1 && ttl <= KV_MAX_TTL_SECONDS))
      throw new ApiError("validation_failed", `ttl_seconds must be 1..${KV_MAX_TTL_SECONDS}`);
    if (
      body.if_version !== undefined &&
      !(Number.isSafeInteger(body.if_version) && body.if_version >= 0)
    )
      throw new ApiError("validation_failed", "if_version must be a non-negative integer");
    const ttlMs = body.ttl_seconds === undefined ? undefined : body.ttl_seconds * 1000;
    const result = await this.store.put(full, json, { ttlMs, ifVersion: body.if_version });
    if (!result.ok) throw new ApiError("precondition_failed", "The entry is not at if_version");
    return this.#entry(key, result.record);
  }

  /** Atomically adds `by` (default 1); `conflict` when the value is not a safe integer. */
  async incr(scope: Scope, key: string, by = 1): Promise<{ value: number }> {
    if (!Number.isSafeInteger(by))
      throw new ApiError("validation_failed", "by must be a safe integer");
    const result = await this.store.incr(storageKey(scope, key), by);
    if (result.ok) return { value: result.value };
    throw new ApiError(
      "conflict",
      result.reason === "not_integer"
        ? "The value is not an integer"
        : "The result is outside ±(2^53−1)",
    );
  }

  /** Deletes; a missing key is fine (retries), a stale `ifVersion` is `precondition_failed`. */
  async delete(scope: Scope, key: string, ifVersion?: number): Promise<void> {
    if (!(await this.store.delete(storageKey(scope, key), ifVersion)))
      throw new ApiError("precondition_failed", "The entry is not at if_version");
  }

  /** Keys (not values) under `prefix`, lexicographic, after the raw position `after`. */
  async list(
    scope: Scope,
    params: { prefix?: string; limit?: number; after?: string | null } = {},
  ): Promise<KvPage> {
    const prefix = params.prefix ?? "";
    checkPrefix(prefix);
    const limit = params.limit ?? KV_PAGE.default;
    if (!Number.isInteger(limit) || limit < 1 || limit > KV_PAGE.max)
      throw new ApiError("validation_failed", `limit must be 1..${KV_PAGE.max}`);
    const page = await this.store.list(scopePrefix(scope), prefix, params.after ?? null, limit);
    const items = page.items.map((i) => ({
      key: i.key,
      version: i.version,
      expires_at: iso(i.expiresAt),
    }));
    return { items, next: page.next };
  }
}
