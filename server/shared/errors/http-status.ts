import type { ErrorCode } from "../../../gen/errors/codes.js";

/** The HTTP side of one error code: its status and the Problem `title`. */
export interface HttpError {
  status: number;
  title: string;
}

/**
 * The one table mapping every cPod error code to HTTP. Typed as a total record, so a code added
 * to the contract without a row here does not compile (and test/contract checks the set).
 */
export const HTTP_ERRORS: Readonly<Record<ErrorCode, HttpError>> = {
  bad_request: { status: 400, title: "Bad request" },
  validation_failed: { status: 400, title: "Validation failed" },
  invalid_filter: { status: 400, title: "Invalid filter" },
  invalid_cursor: { status: 400, title: "Invalid cursor" },
  unauthenticated: { status: 401, title: "Authentication required" },
  invalid_token: { status: 401, title: "Invalid token" },
  permission_denied: { status: 403, title: "Permission denied" },
  tenant_suspended: { status: 403, title: "Tenant suspended" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  idempotency_conflict: { status: 409, title: "Idempotency key reused" },
  precondition_failed: { status: 412, title: "Precondition failed" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  range_not_satisfiable: { status: 416, title: "Range not satisfiable" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  not_implemented: { status: 501, title: "Not implemented" },
  unavailable: { status: 503, title: "Service unavailable" },
  timeout: { status: 504, title: "Upstream timeout" },
  uri_too_long: { status: 414, title: "URI too long" },
  headers_too_large: { status: 431, title: "Request header fields too large" },
  request_timeout: { status: 408, title: "Request timeout" },
};
