import type { FastifyInstance } from "fastify";
import { ApiError } from "../../shared/errors/api-error.js";
import { routeConfig } from "../request-path/principal.js";

/** Seconds a refused client is told to wait: about one drain pass over a full bound. */
const RETRY_AFTER_SECONDS = "5";

/**
 * The backlog bound's behaviour (issue #13 item 15): while the durable audit queue holds its
 * bound or more, new API (`oauth2`) requests are answered 503 `unavailable` with `Retry-After`
 * before any work is done — nothing is served that could not be audited in reasonable time, and
 * no record is ever dropped to make room. The refusals themselves are audited (platform chain,
 * they carry no verified token) and counted; they can push the queue past the bound only by one
 * small record each. Ops routes (`/healthz`, `/metrics`) keep answering, so the lag stays visible.
 *
 * @example
 *   installAuditBacklogGuard(app, () => emitter.overBound(), () => metrics.auditRefused.inc());
 */
export function installAuditBacklogGuard(
  app: FastifyInstance,
  overBound: () => boolean,
  onRefused: () => void = () => {},
): void {
  app.addHook("onRequest", async (request) => {
    if (routeConfig(request).security?.kind !== "oauth2" || !overBound()) return;
    onRefused();
    throw new ApiError("unavailable", "The audit trail is behind; retry shortly.", {
      headers: { "retry-after": RETRY_AFTER_SECONDS },
    });
  });
}
