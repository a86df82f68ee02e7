import { ApiError } from "../../shared/errors/api-error.js";

/** RFC 6750 token68 characters; anything else is not a Bearer credential. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

/**
 * Step 1: the Bearer token of an `Authorization` header. Missing or malformed is a 401
 * `unauthenticated` with `WWW-Authenticate: Bearer error="invalid_request"` (RFC 6750 §3.1), so a
 * client can tell "send a token" from "your token is bad".
 *
 * @example
 *   bearerToken("Bearer eyJ..."); // "eyJ..."
 */
export function bearerToken(header: string | string[] | undefined): string {
  const match = typeof header === "string" ? BEARER.exec(header) : null;
  if (!match?.[1]) {
    throw new ApiError("unauthenticated", "Send an access token: Authorization: Bearer <token>.", {
      headers: { "www-authenticate": 'Bearer realm="cpod", error="invalid_request"' },
    });
  }
  return match[1];
}

/** The 401 for a token the sidecar rejected; `reason` is the reject reason's name. */
export function invalidToken(reason: string): ApiError {
  return new ApiError("invalid_token", `The access token was rejected (${reason}).`, {
    headers: { "www-authenticate": 'Bearer realm="cpod", error="invalid_token"' },
  });
}
