import { Code, ConnectError } from "@connectrpc/connect";
import type { AdmitFailure } from "../../../gen/proto/coresdk/v1/admission_pb.js";
import { ErrorCode } from "../../../gen/proto/coresdk/v1/errors_pb.js";
import { GrpcCallError, GrpcStatus } from "../../../lib/grpc/index.js";
import { ApiError } from "../../shared/errors/api-error.js";

function isAdmitFailure(value: unknown): value is AdmitFailure {
  return (value as AdmitFailure | undefined)?.$typeName === "coresdk.v1.AdmitFailure";
}

/**
 * True when the sidecar refused the input as malformed: INVALID_ARGUMENT from either transport
 * (the lean client's GrpcCallError, connect's ConnectError), or a step answered in-band with
 * `validation_failed`.
 */
function refusedAsInvalid(error: unknown): boolean {
  if (isAdmitFailure(error)) return error.code === ErrorCode.VALIDATION_FAILED;
  if (error instanceof GrpcCallError) return error.status === GrpcStatus.INVALID_ARGUMENT;
  return error instanceof ConnectError && error.code === Code.InvalidArgument;
}

/**
 * What a failed sidecar step means for the request. The sidecar refusing a malformed token
 * (ValidateToken, e.g. an oversized one) is the client's fault; anything else — connection
 * refused, deadline, the sidecar's own store down — means the gateway cannot decide, and it fails
 * closed with 503 `unavailable` (DESIGN.md §4). A malformed input on the other steps means the
 * gateway sent something the contract refuses: 500 `internal`, never retried.
 */
export function sidecarFailure(error: unknown, step: string): ApiError {
  const invalid = refusedAsInvalid(error);
  if (step === "ValidateToken" && invalid) {
    return new ApiError("invalid_token", "The access token was rejected (malformed).", {
      headers: { "www-authenticate": 'Bearer realm="cpod", error="invalid_token"' },
      cause: error,
    });
  }
  if (invalid) {
    // The gateway built a request the sidecar's contract refuses: a bug here, not an outage, so
    // no Retry-After — retrying the same request can never succeed.
    return new ApiError("internal", "The request could not be authorized.", { cause: error });
  }
  return new ApiError("unavailable", "The authorization service is unavailable; retry later.", {
    cause: error,
    headers: { "retry-after": "1" },
  });
}
