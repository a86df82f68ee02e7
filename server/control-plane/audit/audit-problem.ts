import { Code, ConnectError } from "@connectrpc/connect";
import { isErrorCode } from "../../../gen/errors/codes.js";
import { ApiError } from "../../shared/errors/api-error.js";
import { HTTP_ERRORS } from "../../shared/errors/http-status.js";

/** The header the sidecar puts its cPod error code in, beside the Connect code. */
const ERROR_CODE_HEADER = "cpod-error-code";

/** Connect codes that mean "the sidecar could not be asked", whatever it would have said. */
const UNREACHABLE = new Set([Code.Unavailable, Code.Unknown, Code.Canceled, Code.Aborted]);

/**
 * The one place a failed audit read from the sidecar becomes a Problem (the gateway has its
 * own twin, server/gateway/sidecar/sidecar-problem.ts; programs do not import each other). A
 * client error the sidecar named with a cPod code (`invalid_cursor`, …) keeps it; a deadline is
 * `timeout`; a sidecar that is gone is `unavailable`; anything else is `internal`, not sent.
 *
 * @example
 *   try { await reader.queryAudit(req, token) } catch (e) { throw auditProblem(e) }
 */
export function auditProblem(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const connect = ConnectError.from(error);
  const code = connect.metadata.get(ERROR_CODE_HEADER);
  if (code && isErrorCode(code) && HTTP_ERRORS[code].status < 500) {
    // Our own requests carry only a tenant id, a limit and a cursor: a refusal is the cursor's.
    return new ApiError(code === "validation_failed" ? "invalid_cursor" : code, undefined, {
      cause: error,
    });
  }
  if (connect.code === Code.DeadlineExceeded) {
    return new ApiError("timeout", "The sidecar did not answer in time; retry later.", {
      cause: error,
    });
  }
  if (UNREACHABLE.has(connect.code) || code === "unavailable") {
    return new ApiError("unavailable", "The sidecar is unavailable; retry later.", {
      cause: error,
      headers: { "retry-after": "1" },
    });
  }
  return new ApiError("internal", undefined, { cause: error });
}
