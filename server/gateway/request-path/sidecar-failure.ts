import { Code, ConnectError } from "@connectrpc/connect";
import { ApiError } from "../../shared/errors/api-error.js";

/**
 * What a failed sidecar call means for the request. The sidecar refusing a malformed input
 * (InvalidArgument on ValidateToken, e.g. an oversized token) is the client's fault; anything
 * else — connection refused, deadline, the sidecar's own store down — means the gateway cannot
 * decide, and it fails closed with 503 `unavailable` (DESIGN.md §4). InvalidArgument on the
 * other steps means the gateway sent something malformed: 500 `internal`, never retried.
 */
export function sidecarFailure(error: unknown, step: string): ApiError {
  const connect = ConnectError.from(error);
  if (step === "ValidateToken" && connect.code === Code.InvalidArgument) {
    return new ApiError("invalid_token", "The access token was rejected (malformed).", {
      headers: { "www-authenticate": 'Bearer realm="cpod", error="invalid_token"' },
      cause: error,
    });
  }
  if (connect.code === Code.InvalidArgument) {
    // The gateway built a request the sidecar's contract refuses: a bug here, not an outage, so
    // no Retry-After — retrying the same request can never succeed.
    return new ApiError("internal", "The request could not be authorized.", { cause: error });
  }
  return new ApiError("unavailable", "The authorization service is unavailable; retry later.", {
    cause: error,
    headers: { "retry-after": "1" },
  });
}
