import type { ApiError } from "../../shared/errors/api-error.js";
import { sidecarProblem } from "../../shared/errors/sidecar-problem.js";

/**
 * A failed audit read from the sidecar as a Problem: the gateway's mapping (timeout,
 * unavailable, internal), except that a refusal keeps only its code, and `validation_failed`
 * becomes `invalid_cursor` — our own requests carry only a tenant id, a limit and a cursor, so
 * a refusal is the cursor's.
 *
 * @example
 *   try { await reader.queryAudit(req, token) } catch (e) { throw auditProblem(e) }
 */
export function auditProblem(error: unknown): ApiError {
  return sidecarProblem(error, (code) => ({
    code: code === "validation_failed" ? "invalid_cursor" : code,
  }));
}
