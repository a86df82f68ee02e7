import { ConnectError } from "@connectrpc/connect";
import { type ErrorCode, isErrorCode } from "../../gen/errors/codes.js";
import { ERROR_CODE_HEADER, TOKEN_REJECT_REASON_HEADER } from "../../lib/sidecar-wire.js";
import { CONNECT_CODES } from "./connect-codes.js";

export { ERROR_CODE_HEADER, TOKEN_REJECT_REASON_HEADER };

/**
 * A typed sidecar failure with a stable cPod `errorCode`. It *is* a ConnectError whose Connect
 * `code` comes from the one table in `connect-codes.ts`, so every transport (HTTP/2 server,
 * in-memory router) maps it the same way; the cPod code travels in the `cpod-error-code` header.
 * Messages are sentences of ours — never an exception's text or a request value.
 *
 * @example
 *   throw new SidecarError("not_found", "tenant not found");
 */
export class SidecarError extends ConnectError {
  // `name` stays "ConnectError": ConnectError's own `instanceof` check relies on it, and the
  // router must recognise this as a ConnectError to send its code instead of "internal".
  readonly errorCode: ErrorCode;

  /** `instanceof SidecarError` by prototype (ConnectError overrides `Symbol.hasInstance`). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === "object" &&
      value !== null &&
      Object.prototype.isPrototypeOf.call(SidecarError.prototype, value)
    );
  }

  constructor(
    errorCode: ErrorCode,
    message: string,
    options: { cause?: unknown; metadata?: Record<string, string> } = {},
  ) {
    if (!isErrorCode(errorCode))
      throw new TypeError(`SidecarError: unknown error code ${String(errorCode)}`);
    super(
      message,
      CONNECT_CODES[errorCode],
      new Headers({ ...options.metadata, [ERROR_CODE_HEADER]: errorCode }),
      undefined,
      options.cause,
    );
    this.errorCode = errorCode;
  }

  /** Normalizes anything thrown; unknown failures become `internal` with no internals exposed. */
  static override from(error: unknown): SidecarError {
    if (error instanceof SidecarError) return error;
    return new SidecarError("internal", "internal error", { cause: error });
  }
}
