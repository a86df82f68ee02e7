import { type ErrorCode, isErrorCode } from "../../gen/errors/codes.js";
import {
  AuthenticationError,
  ConflictError,
  CpodError,
  type CpodErrorInit,
  NotFoundError,
  PermissionDeniedError,
  PreconditionFailedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "./errors.js";
import { parseRetryAfter } from "./retry-policy.js";
import type { FieldError } from "./types.js";

type ErrorClass = new (init: CpodErrorInit & Extra) => CpodError;
type Extra = { fields?: FieldError[] | undefined; retryAfter?: number | undefined };

/**
 * The one table from contract error code to SDK class. It is a total record over `ErrorCode`,
 * so a code added to the contract does not compile until it is mapped here.
 */
export const ERROR_CLASSES: Readonly<Record<ErrorCode, ErrorClass>> = {
  bad_request: ValidationError,
  validation_failed: ValidationError,
  invalid_filter: ValidationError,
  invalid_cursor: ValidationError,
  unauthenticated: AuthenticationError,
  invalid_token: AuthenticationError,
  permission_denied: PermissionDeniedError,
  tenant_suspended: PermissionDeniedError,
  not_found: NotFoundError,
  method_not_allowed: CpodError,
  conflict: ConflictError,
  idempotency_conflict: ConflictError,
  precondition_failed: PreconditionFailedError,
  payload_too_large: ValidationError,
  unsupported_media_type: ValidationError,
  range_not_satisfiable: CpodError,
  rate_limited: RateLimitError,
  internal: ServerError,
  not_implemented: ServerError,
  unavailable: ServerError,
  timeout: TimeoutError,
  uri_too_long: ValidationError,
  headers_too_large: ValidationError,
  request_timeout: TimeoutError,
};

/** The code to assume when a response carries none (a proxy's 502 page, a HEAD 404). */
function codeForStatus(status: number): ErrorCode {
  const known: Record<number, ErrorCode> = {
    400: "bad_request",
    401: "unauthenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    408: "timeout",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    416: "range_not_satisfiable",
    429: "rate_limited",
    431: "headers_too_large",
    501: "not_implemented",
    503: "unavailable",
    504: "timeout",
  };
  return known[status] ?? (status >= 500 ? "internal" : "bad_request");
}

/** The parts of a Problem (RFC 9457) or an OAuth error (RFC 6749 §5.2) body the SDK reads. */
interface ErrorBody {
  code?: unknown;
  title?: unknown;
  detail?: unknown;
  request_id?: unknown;
  errors?: unknown;
  error?: unknown;
  error_description?: unknown;
}

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function parseBody(text: string): ErrorBody {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as ErrorBody) : {};
  } catch {
    return {};
  }
}

function fieldsOf(errors: unknown): FieldError[] | undefined {
  if (!Array.isArray(errors)) return undefined;
  return errors.filter(
    (e): e is FieldError => typeof e?.path === "string" && typeof e?.message === "string",
  );
}

/**
 * Turns a non-2xx response (its status, headers and body text) into the matching typed error.
 * OAuth errors (`{error, error_description}`) keep the OAuth error name in `detail`.
 */
export function errorFromResponse(
  status: number,
  headers: Headers,
  text: string,
  nowMs: number,
): CpodError {
  const body = parseBody(text);
  const code = isErrorCode(body.code) ? body.code : codeForStatus(status);
  const oauth = str(body.error);
  const description = str(body.error_description);
  const detail =
    str(body.detail) ?? (oauth ? `${oauth}${description ? `: ${description}` : ""}` : undefined);
  const Class = status === 401 ? AuthenticationError : ERROR_CLASSES[code];
  return new Class({
    status,
    code,
    title: str(body.title) ?? titleOf(code),
    detail,
    requestId: str(body.request_id) ?? headers.get("x-request-id") ?? undefined,
    headers,
    fields: fieldsOf(body.errors),
    retryAfter: parseRetryAfter(headers, nowMs),
  });
}

/** `rate_limited` → `Rate limited`: a readable title when the body had none. */
export function titleOf(code: string): string {
  const words = code.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
