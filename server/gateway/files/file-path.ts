import { gatewayRoutes } from "../../../gen/routes/gateway.js";
import { ApiError } from "../../shared/errors/api-error.js";
import type { Scope } from "../kv/kv-scope.js";

/** The contract's longest object path. */
export const MAX_PATH = 1024;
/** The contract's longest segment: a file system's 255-byte name limit less the store's suffixes. */
export const MAX_SEGMENT = 200;
/**
 * Last segments that name an operation of the files API (`…/presign`), from the route table: a
 * file called that could be uploaded but never presigned or told apart from the operation.
 */
const RESERVED_LAST = new Set(
  gatewayRoutes.flatMap((route) =>
    route.url.startsWith("/v1/files/") && route.suffix ? [route.suffix.slice(1)] : [],
  ),
);
const SEGMENT = /^[A-Za-z0-9._-]+$/;
const PREFIX = /^[A-Za-z0-9._/-]*$/;
const SCOPE_ID = /^[A-Za-z0-9._@-]{1,128}$/;

function reject(message: string, where = "/path/path"): never {
  throw new ApiError("validation_failed", `path ${message}`, {
    errors: [{ path: where, message }],
  });
}

/** Every rule a path breaks first, as a human sentence; `null` when it is fine. */
function pathProblem(path: string): string | null {
  if (path.length === 0 || path.length > MAX_PATH) return `must be 1..${MAX_PATH} characters`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  if (/[\u0000-\u001f\u007f]/.test(path)) return "must not contain NUL or control characters";
  if (path.includes("\\")) return "must not contain backslashes";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "must be relative";
  if (path.includes("%")) return "must not contain percent-encoded characters";
  for (const segment of path.split("/")) {
    if (segment === "") return "must not contain empty segments";
    if (segment === "." || segment === "..") return "must not contain . or .. segments";
    if (!SEGMENT.test(segment)) return "segments use only A-Z a-z 0-9 . _ -";
    if (segment.length > MAX_SEGMENT) return `segments must be at most ${MAX_SEGMENT} characters`;
  }
  const last = path.slice(path.lastIndexOf("/") + 1);
  if (RESERVED_LAST.has(last)) return `must not end in "${last}", which names an operation`;
  return null;
}

/**
 * Validates a client-named object path. The route has already percent-decoded it once; anything
 * still encoded (`%2e%2e`, `%2f`, `%5c`, double encoding) is refused outright rather than decoded
 * again, so no later layer can turn it into a traversal. With `.`/`..`/empty segments, absolute
 * paths and backslashes refused too, a path can only ever name something *inside* its prefix.
 *
 * @example
 *   checkPath("reports/2025/q1.pdf"); // ok
 *   checkPath("../etc/passwd");       // throws validation_failed
 */
export function checkPath(path: string): void {
  const problem = pathProblem(path);
  if (problem) reject(problem);
}

/** A list prefix: the path alphabet plus `/`, possibly empty or ending in `/`. */
export function checkFilePrefix(prefix: string): void {
  if (prefix.length > MAX_PATH || !PREFIX.test(prefix) || prefix.startsWith("/"))
    reject("prefix must match ^[A-Za-z0-9._/-]*$ and be relative", "/query/prefix");
  if (prefix.split("/").some((s) => s === "." || s === ".."))
    reject("prefix must not contain . or .. segments", "/query/prefix");
}

/**
 * The object-key prefix of a scope: `t/<tenant>/<tier>/<owner>/`, owner being the app, the user
 * or `_` (shared). One prefix per tenant keeps S3 listings, lifecycle rules and per-tenant
 * deletion cheap.
 *
 * @example
 *   blobPrefix({ tenantId: "ten_1", tier: "shared", appId: "app_1" }) // "t/ten_1/shared/_/"
 */
export function blobPrefix(scope: Scope): string {
  for (const id of [scope.tenantId, scope.appId, scope.userId])
    if (id !== undefined && (!SCOPE_ID.test(id) || id === "." || id === ".."))
      throw new TypeError(`file scope id ${JSON.stringify(id)} is not a safe path segment`);
  const owner =
    scope.tier === "shared" ? "_" : scope.tier === "private" ? scope.appId : scope.userId;
  if (!owner)
    throw new ApiError("validation_failed", "the user tier needs a token with a user id", {
      errors: [{ path: "/query/tier", message: "tier=user needs a token with user_id" }],
    });
  return `t/${scope.tenantId}/${scope.tier}/${owner}/`;
}

/** The full object key of `path` in `scope`; validates the path first. */
export function objectKey(scope: Scope, path: string): string {
  checkPath(path);
  return blobPrefix(scope) + path;
}
