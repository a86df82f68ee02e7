import type { FastifyRequest } from "fastify";
import type { RouteSecurity } from "../../../gen/routes/types.js";
import { sameSecret } from "../../../lib/same-secret.js";
import { ApiError } from "../../shared/errors/api-error.js";

/** Shortest admin token accepted (the issue: at least 32 characters). */
export const MIN_ADMIN_TOKEN_LENGTH = 32;
const CHALLENGE = 'Bearer realm="cpod-admin"';

/** The route's security requirement, as registerRoutes put it into the route config. */
function securityOf(request: FastifyRequest): RouteSecurity | undefined {
  return (request.routeOptions.config as { security?: RouteSecurity } | undefined)?.security;
}

/**
 * An `onRequest` hook guarding every route whose contract says `adminToken`: it wants
 * `Authorization: Bearer $CPOD_ADMIN_TOKEN`, compared with `sameSecret` (SHA-256 digests of both
 * sides through `timingSafeEqual`, so neither content nor length leaks through timing). Runs
 * before the body is read, so an unauthenticated caller cannot make the server parse anything.
 *
 * @example
 *   app.addHook("onRequest", adminAuth(config.adminToken));
 */
export function adminAuth(adminToken: string) {
  if (adminToken.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new TypeError(
      `adminAuth: the admin token must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters`,
    );
  }
  return async (request: FastifyRequest): Promise<void> => {
    if (securityOf(request)?.kind !== "admin") return;
    const header = request.headers.authorization;
    const match = typeof header === "string" ? /^Bearer +(\S+) *$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new ApiError("unauthenticated", "This route needs the admin token as a Bearer token.", {
        headers: { "www-authenticate": `${CHALLENGE}, error="invalid_request"` },
      });
    }
    if (!sameSecret(match[1], adminToken)) {
      throw new ApiError("invalid_token", "The admin token is not valid.", {
        headers: { "www-authenticate": `${CHALLENGE}, error="invalid_token"` },
      });
    }
  };
}
