import { type ErrorCode, isErrorCode } from "../../../gen/errors/codes.js";
import { StoreUnavailableError } from "../../../lib/store-unavailable.js";
import { HTTP_ERRORS } from "./http-status.js";

/** One failing field of a `validation_failed` Problem. */
export interface FieldError {
  /** JSON Pointer into the request, e.g. `/body/display_name`. */
  path: string;
  message: string;
}

/**
 * The only error type handlers throw on purpose. It carries a stable `code` from the contract;
 * the HTTP status and title come from the one table in `http-status.ts`. `detail` is sent to the
 * client for 4xx only; for 5xx it is logged and replaced by a generic sentence.
 *
 * @example
 *   throw new ApiError("not_found", "No person with that id");
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { cause?: unknown; errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    if (!isErrorCode(code)) throw new TypeError(`ApiError: unknown error code ${String(code)}`);
    super(detail ?? HTTP_ERRORS[code].title, { cause: options.cause });
    this.code = code;
    this.detail = detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  /** The HTTP status for this error's code. */
  get status(): number {
    return HTTP_ERRORS[this.code].status;
  }

  /**
   * Normalizes anything thrown into an ApiError: a store that is down is `unavailable` (503)
   * with `Retry-After`; other unknown failures become `internal`.
   */
  static from(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    if (error instanceof StoreUnavailableError) {
      const seconds = error.retryAfterSeconds;
      return new ApiError(
        "unavailable",
        `A backing store (${error.store}) is unavailable right now; retry in ${seconds} s.`,
        { cause: error, headers: { "retry-after": String(seconds) } },
      );
    }
    return new ApiError("internal", undefined, { cause: error });
  }
}
