import { Code } from "@connectrpc/connect";
import type { ErrorCode } from "../../gen/errors/codes.js";

/**
 * The one table mapping every cPod error code to a Connect (gRPC) code. A total record: a new code
 * in the contract without a row here does not compile.
 */
export const CONNECT_CODES: Readonly<Record<ErrorCode, Code>> = {
  bad_request: Code.InvalidArgument,
  validation_failed: Code.InvalidArgument,
  invalid_filter: Code.InvalidArgument,
  invalid_cursor: Code.InvalidArgument,
  unauthenticated: Code.Unauthenticated,
  invalid_token: Code.Unauthenticated,
  permission_denied: Code.PermissionDenied,
  tenant_suspended: Code.PermissionDenied,
  not_found: Code.NotFound,
  method_not_allowed: Code.Unimplemented,
  conflict: Code.AlreadyExists,
  idempotency_conflict: Code.Aborted,
  precondition_failed: Code.FailedPrecondition,
  payload_too_large: Code.ResourceExhausted,
  unsupported_media_type: Code.InvalidArgument,
  range_not_satisfiable: Code.OutOfRange,
  rate_limited: Code.ResourceExhausted,
  internal: Code.Internal,
  not_implemented: Code.Unimplemented,
  unavailable: Code.Unavailable,
  timeout: Code.DeadlineExceeded,
  uri_too_long: Code.InvalidArgument,
  headers_too_large: Code.ResourceExhausted,
  request_timeout: Code.DeadlineExceeded,
};
