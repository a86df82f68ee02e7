import { Code, ConnectError } from "@connectrpc/connect";
import { type ErrorCode, isErrorCode } from "../../../gen/errors/codes.js";
import { ERROR_CODE_HEADER } from "../../../lib/sidecar-wire.js";
import { ApiError } from "./api-error.js";
import { HTTP_ERRORS } from "./http-status.js";

/** Connect codes that mean "the sidecar could not be asked", whatever it would have said. */
const UNREACHABLE = new Set([Code.Unavailable, Code.Unknown, Code.Canceled, Code.Aborted]);

/**
 * The sidecar's own sentence, except its protovalidate refusals ("invalid request: cursor:
 * string.min_len"): those name proto fields and rule ids, the sidecar's contract rather than the
 * REST one, so the client gets a sentence of ours instead.
 */
function clientSentence(code: string, message: string): string {
  if (code === "validation_failed" && message.startsWith("invalid request:")) {
    return "A value in the request is out of the accepted range or malformed.";
  }
  return message;
}

/** The code and sentence to answer for a client error the sidecar named with a cPod code (4xx). */
export type SidecarClientError = (
  code: ErrorCode,
  sidecarMessage: string,
) => { code: ErrorCode; detail?: string };

/** By default the code and the sidecar's sentence are kept (see {@link clientSentence}). */
const keepCodeAndSentence: SidecarClientError = (code, message) => ({
  code,
  detail: clientSentence(code, message),
});

/**
 * The one place a failed call to the sidecar (the gateway's Query, Verify, Mask, secrets; the
 * control plane's audit export) becomes a Problem. A client error the sidecar named with a cPod
 * code (`not_found`, `validation_failed`, `invalid_cursor`, `payload_too_large`,
 * `permission_denied`, …) goes to `clientError`, which by default keeps that code and the
 * sidecar's sentence — its messages are sentences of its own, never a value the caller sent.
 * A deadline is `timeout`; anything that means the sidecar is gone is `unavailable` (503,
 * `Retry-After`); any other server-side failure is `internal`, its text logged and not sent.
 *
 * @example
 *   try { await sidecar.getSecret(caller, name) } catch (e) { throw sidecarProblem(e) }
 */
export function sidecarProblem(
  error: unknown,
  clientError: SidecarClientError = keepCodeAndSentence,
): ApiError {
  if (error instanceof ApiError) return error;
  const connect = ConnectError.from(error);
  const code = connect.metadata.get(ERROR_CODE_HEADER);
  if (code && isErrorCode(code) && HTTP_ERRORS[code].status < 500) {
    const problem = clientError(code, connect.rawMessage);
    return new ApiError(problem.code, problem.detail, { cause: error });
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

/** Runs one sidecar call, turning its failure into the Problem above. */
export async function viaSidecar<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw sidecarProblem(error);
  }
}
