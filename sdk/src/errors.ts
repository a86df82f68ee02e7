import type { ErrorCode } from "../../gen/errors/codes.js";
import type { FieldError } from "./types.js";

/**
 * The brand every SDK error carries. `Symbol.for` puts it in the runtime-wide registry, so an
 * error thrown by one installed copy of `@cpod/sdk` is recognised by another copy (two
 * versions in one `node_modules`, or a bundled and an unbundled copy), where `instanceof`
 * would fail.
 */
const BRAND = Symbol.for("@cpod/sdk.CpodError");

/** What every SDK error is built from; `status` is 0 when no HTTP response was received. */
export interface CpodErrorInit {
  status: number;
  code: ErrorCode;
  title: string;
  detail?: string | undefined;
  requestId?: string | undefined;
  headers?: Headers | undefined;
  cause?: unknown;
}

/**
 * Base class of every error the SDK throws on purpose. `code` is one of the contract's closed
 * set of error codes, so callers can `switch` on it; subclasses exist for what a caller can
 * act on (re-authenticate, fix input, back off, retry later).
 *
 * @example
 *   try { await client.kv.get("k"); } catch (e) { if (isCpodError(e)) console.log(e.code, e.requestId); }
 */
export class CpodError extends Error {
  override name = "CpodError";
  /** HTTP status, or 0 when the request never got an answer (connection error, timeout). */
  readonly status: number;
  /** The contract's error code, e.g. `not_found` or `rate_limited`. */
  readonly code: ErrorCode;
  /** Short summary of the problem type. */
  readonly title: string;
  /** What went wrong in this occurrence, when the server said. */
  readonly detail: string | undefined;
  /** The server's request id: quote it in support requests. */
  readonly requestId: string | undefined;
  /** Response headers, when there was a response. */
  readonly headers: Headers | undefined;

  constructor(init: CpodErrorInit) {
    super(messageOf(init), { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.headers = init.headers;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

function messageOf(init: CpodErrorInit): string {
  const status = init.status ? `${init.status} ` : "";
  const detail = init.detail && init.detail !== init.title ? `: ${init.detail}` : "";
  const request = init.requestId ? ` (request ${init.requestId})` : "";
  return `${status}${init.code}: ${init.title}${detail}${request}`;
}

/**
 * True for any error thrown by any copy of `@cpod/sdk`. Prefer it over `instanceof CpodError`
 * in libraries that may see errors from another copy of the SDK.
 *
 * @example
 *   if (isCpodError(err) && err.code === "not_found") return null;
 */
export function isCpodError(value: unknown): value is CpodError {
  return typeof value === "object" && value !== null && BRAND in value;
}

/** 401: the token or app credentials were refused, or no token could be obtained. */
export class AuthenticationError extends CpodError {
  override name = "AuthenticationError";
}

/** 403: authenticated, but policy or scopes do not allow this call (or the tenant is suspended). */
export class PermissionDeniedError extends CpodError {
  override name = "PermissionDeniedError";
}

/** 404: no such resource for this tenant (another tenant's resource also answers 404). */
export class NotFoundError extends CpodError {
  override name = "NotFoundError";
}

/** 409: the request conflicts with current state (taken id, reused idempotency key, …). */
export class ConflictError extends CpodError {
  override name = "ConflictError";
}

/** 412: an `If-Match` / `if_version` check failed: someone else changed the resource first. */
export class PreconditionFailedError extends CpodError {
  override name = "PreconditionFailedError";
}

/** 400: the request was invalid; `fields` names each failing input when the server said. */
export class ValidationError extends CpodError {
  override name = "ValidationError";
  /** Per-field failures, e.g. `{ path: "/body/display_name", message: "is required" }`. */
  readonly fields: FieldError[];

  constructor(init: CpodErrorInit & { fields?: FieldError[] | undefined }) {
    super(init);
    this.fields = init.fields ?? [];
  }
}

/** 429: too many requests, after the SDK's own retries; wait `retryAfter` seconds. */
export class RateLimitError extends CpodError {
  override name = "RateLimitError";
  /** Seconds the server asked to wait (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;

  constructor(init: CpodErrorInit & { retryAfter?: number | undefined }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** 5xx: the platform failed, after the SDK's own retries. Safe to retry later. */
export class ServerError extends CpodError {
  override name = "ServerError";
}

/** No HTTP answer at all: DNS, refused or reset connection, TLS failure. */
export class ConnectionError extends CpodError {
  override name = "ConnectionError";
}

/** The call's `timeout` ran out (or the server answered 408). */
export class TimeoutError extends CpodError {
  override name = "TimeoutError";
}
