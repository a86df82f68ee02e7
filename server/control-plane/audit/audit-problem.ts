import { ConnectError } from "@connectrpc/connect";
import { TOKEN_REJECT_REASON_HEADER } from "../../../lib/sidecar-wire.js";
import { ApiError } from "../../shared/errors/api-error.js";
import { sidecarProblem } from "../../shared/errors/sidecar-problem.js";

/**
 * Refusals of the control plane's own reader token. The admin's token was checked by the control
 * plane, not the sidecar; the sidecar judged a token the control plane signed itself, so a
 * refusal means the two disagree (issuer, audience, JWKS, clock) — a misconfiguration to log and
 * fix, not a bad admin token to report as 401/403.
 */
const READER_REFUSED = new Set(["invalid_token", "unauthenticated", "permission_denied"]);

/**
 * The sidecar does not know the key that signed our reader token yet: keys were rotated twice
 * within its JWKS refetch cooldown (the published next key covers one rotation). Transient: it
 * learns the key at its next refetch, so this is "retry shortly", not a misconfiguration. The
 * reason travels in the sidecar's TOKEN_REJECT_REASON_HEADER.
 */
export const unknownSigningKey = (error: unknown): boolean =>
  ConnectError.from(error).metadata.get(TOKEN_REJECT_REASON_HEADER) === "unknown_kid";

/**
 * A failed audit read from the sidecar as a Problem: the shared mapping, except that
 * - `validation_failed` becomes `invalid_cursor` (our requests carry only a tenant id, a limit
 *   and a cursor, so a refusal is the cursor's);
 * - a refusal of our reader token becomes `internal`, its cause logged (see READER_REFUSED),
 *   except an unknown signing key right after rotations: `unavailable` (see unknownSigningKey);
 * - a deadline becomes `unavailable` (503, `Retry-After`): the export's contract declares 503
 *   for "retry later", not 504.
 *
 * @example
 *   try { await reader.queryAudit(req, token) } catch (e) { throw auditProblem(e) }
 */
export function auditProblem(error: unknown): ApiError {
  const problem = sidecarProblem(error, (code) => ({
    code: code === "validation_failed" ? "invalid_cursor" : code,
  }));
  if (READER_REFUSED.has(problem.code) && unknownSigningKey(error)) {
    return new ApiError(
      "unavailable",
      "The signing key was rotated moments ago and the sidecar has not fetched it yet; retry in a few seconds.",
      { cause: error, headers: { "retry-after": "5" } },
    );
  }
  if (READER_REFUSED.has(problem.code)) {
    const why = `the sidecar refused the control plane's reader token (${problem.code}): check its issuer, audience, JWKS URL and clock`;
    return new ApiError("internal", undefined, { cause: new Error(why, { cause: error }) });
  }
  if (problem.code === "timeout") {
    return new ApiError("unavailable", "The sidecar did not answer in time; retry later.", {
      cause: error,
      headers: { "retry-after": "1" },
    });
  }
  return problem;
}
