import { Code, ConnectError } from "@connectrpc/connect";
import { ApiError } from "../../shared/errors/api-error.js";

/**
 * What a failed sidecar call means for the request. The sidecar refusing a malformed input
 * (InvalidArgument on ValidateToken, e.g. an oversized token) is the client's fault; anything
 * else — connection refused, deadline, the sidecar's own store down — means the gateway cannot
 * decide, and it fails closed with 503 `unavailable` (DESIGN.md §4).
 */
export function sidecarFailure(error: unknown, step: string): ApiError {
  const connect = ConnectError.from(error);
  if (step === "ValidateToken" && connect.code === Code.InvalidArgument) {
    return new ApiError("invalid_token", "The access token was rejected (malformed).", {
      headers: { "www-authenticate": 'Bearer realm="cpod", error="invalid_token"' },
      cause: error,
    });
  }
  return new ApiError("unavailable", "The authorization service is unavailable; retry later.", {
    cause: error,
    headers: { "retry-after": "1" },
  });
}
