import { ApiError } from "../shared/errors/api-error.js";
import type { Caller } from "./entities/index.js";
import type { Scope, Tier } from "./kv/index.js";
import type { SidecarSubject } from "./sidecar/sidecar-client.js";

/**
 * The verified caller of a data route: the entity `Caller` plus the token's user and scopes.
 * Every field comes from the claims the sidecar validated; nothing here is read from the request.
 */
export interface GatewayCaller extends Caller {
  userId?: string | undefined;
  scopes: readonly string[];
  /**
   * The verified access token itself: tenant-scoped sidecar calls (secrets, audit) carry it, and
   * the sidecar derives the caller from it instead of believing the fields above.
   */
  accessToken?: string;
}

/** The caller, or 401 on a route that somehow ran without a verified token. */
export function requireCaller(ctx: { caller?: GatewayCaller }): GatewayCaller {
  if (!ctx.caller) throw new ApiError("unauthenticated", "This operation needs an access token.");
  return ctx.caller;
}

/**
 * The KV/files namespace of a request: tenant, app and user from the token, the tier from the
 * query. `tier=user` without a user in the token is refused when the key is built.
 *
 * @example
 *   scopeOf(caller, query.tier) // { tenantId: "ten_1", tier: "private", appId: "app_1" }
 */
export function scopeOf(caller: GatewayCaller, tier: Tier | undefined): Scope {
  return {
    tenantId: caller.tenantId,
    appId: caller.appId,
    userId: caller.userId,
    tier: tier ?? "private",
  };
}

/** The caller as the sidecar's SecretsService wants it: the claims and the token they came from. */
export function subjectOf(caller: GatewayCaller): SidecarSubject {
  return {
    tenantId: caller.tenantId,
    appId: caller.appId,
    userId: caller.userId,
    scopes: [...caller.scopes],
    accessToken: accessTokenOf(caller),
  };
}

/** The caller's access token, or 401 on a route that somehow ran without one. */
export function accessTokenOf(caller: GatewayCaller): string {
  if (!caller.accessToken)
    throw new ApiError("unauthenticated", "This operation needs an access token.");
  return caller.accessToken;
}

/** 403 unless the token carries `scope` (for checks that depend on the body, e.g. presign PUT). */
export function requireScope(caller: GatewayCaller, scope: string): void {
  if (!caller.scopes.includes(scope))
    throw new ApiError("permission_denied", `Denied: this needs the ${scope} scope.`);
}
