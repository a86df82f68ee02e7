import { ApiError } from "../../shared/errors/api-error.js";

/** Who shares an entry: this app, this user across apps, or every app of the tenant. */
export type Tier = "private" | "user" | "shared";

/**
 * Whose namespace a call works in. Every field comes from the verified token, never from the
 * request, so a client can only ever name a key *inside* its own namespace.
 */
export interface Scope {
  tenantId: string;
  tier: Tier;
  appId: string;
  userId?: string | undefined;
}

/** The contract's key alphabet: safe in URLs, logs, Redis key names and SCAN patterns. */
export const KV_KEY = /^[A-Za-z0-9._:-]{1,256}$/;
/** A list prefix: the key alphabet, possibly empty. */
const KV_PREFIX = /^[A-Za-z0-9._:-]{0,256}$/;
/**
 * Ids from the token. No `:` (it separates key parts, so `app a` + key `b:c` could otherwise
 * equal `app a:b` + key `c`) and no glob or hash-tag characters (`*?[]{}\`).
 */
const SCOPE_ID = /^[A-Za-z0-9._@-]{1,128}$/;

/** Throws `validation_failed` unless `key` matches the contract's key pattern. */
export function checkKey(key: string): void {
  if (!KV_KEY.test(key))
    throw new ApiError("validation_failed", "key must match ^[A-Za-z0-9._:-]{1,256}$", {
      errors: [{ path: "/path/key", message: "must match ^[A-Za-z0-9._:-]{1,256}$" }],
    });
}

/** Throws `validation_failed` unless `prefix` is a (possibly empty) run of key characters. */
export function checkPrefix(prefix: string): void {
  if (!KV_PREFIX.test(prefix))
    throw new ApiError("validation_failed", "prefix must match ^[A-Za-z0-9._:-]{0,256}$", {
      errors: [{ path: "/query/prefix", message: "must match ^[A-Za-z0-9._:-]{0,256}$" }],
    });
}

/** The per-tier owner segment: the app, the user, or `_` for the tenant-wide tier. */
function owner(scope: Scope): string {
  if (scope.tier === "shared") return "_";
  if (scope.tier === "private") return scope.appId;
  if (!scope.userId)
    throw new ApiError("validation_failed", "the user tier needs a token with a user id", {
      errors: [{ path: "/query/tier", message: "tier=user needs a token with user_id" }],
    });
  return scope.userId;
}

/**
 * The storage prefix of a scope: `cpod:kv:{<tenant>}:<tier>:<owner>:`. The braces are a Redis
 * Cluster hash tag, so all of one tenant's keys live in one slot (one node) and a SCAN of the
 * tenant's prefix never has to fan out across the cluster.
 *
 * @example
 *   scopePrefix({ tenantId: "ten_1", tier: "private", appId: "app_1" })
 *   // "cpod:kv:{ten_1}:private:app_1:"
 */
export function scopePrefix(scope: Scope): string {
  for (const id of [scope.tenantId, scope.appId, scope.userId]) {
    if (id !== undefined && !SCOPE_ID.test(id))
      throw new TypeError(
        `KV scope id ${JSON.stringify(id)} has characters outside [A-Za-z0-9._@-]`,
      );
  }
  return `cpod:kv:{${scope.tenantId}}:${scope.tier}:${owner(scope)}:`;
}

/** The full storage key of `key` in `scope`; validates the key first. */
export function storageKey(scope: Scope, key: string): string {
  checkKey(key);
  return scopePrefix(scope) + key;
}
