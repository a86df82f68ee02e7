import { ConnectError } from "@connectrpc/connect";
import { type ErrorCode, isErrorCode } from "../../gen/errors/codes.js";
import { CONNECT_CODES } from "./connect-codes.js";

/** Trailer/header carrying the cPod error code next to the Connect code, for precise mapping. */
export const ERROR_CODE_HEADER = "cpod-error-code";

/**
 * A typed sidecar failure with a stable cPod `code`. Services throw this; the router turns it into
 * a ConnectError whose Connect code comes from the one table in `connect-codes.ts`.
 *
 * @example
 *   throw new SidecarError("not_found", "tenant not found");
 */
export class SidecarError extends Error {
  override readonly name = "SidecarError";
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    if (!isErrorCode(code)) throw new TypeError(`SidecarError: unknown error code ${String(code)}`);
    super(message, options);
    this.code = code;
  }

  /** Normalizes anything thrown; unknown failures become `internal` with no internals exposed. */
  static from(error: unknown): SidecarError {
    if (error instanceof SidecarError) return error;
    return new SidecarError("internal", "internal error", { cause: error });
  }

  /** The wire form: Connect code from the table, cPod code in a header, cause kept locally. */
  toConnectError(): ConnectError {
    const metadata = new Headers({ [ERROR_CODE_HEADER]: this.code });
    return new ConnectError(this.message, CONNECT_CODES[this.code], metadata, undefined, this);
  }
}
