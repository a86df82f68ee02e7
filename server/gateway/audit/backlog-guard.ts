import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { ApiError } from "../../shared/errors/api-error.js";
import { routeConfig } from "../request-path/route-config.js";

/** Seconds a refused client is told to wait: about one drain pass over a full bound. */
const RETRY_AFTER_SECONDS = "5";

/** When to refuse, and whom to tell (the refusal counter). */
export interface AuditBacklogGuardOptions {
  /** True while the durable audit queue holds its bound or more. */
  overBound: () => boolean;
  onRefused?: () => void;
}

/**
 * The backlog bound's behaviour (issue #13 item 15): while the durable audit queue holds its
 * bound or more, new API (`oauth2`) requests are answered 503 `unavailable` with `Retry-After`
 * before any work is done — nothing is served that could not be audited in reasonable time, and
 * no record is ever dropped to make room. The refusals themselves are audited (platform chain,
 * they carry no verified token) and counted; they can push the queue past the bound only by one
 * small record each. Ops routes (`/healthz`, `/metrics`) keep answering, so the lag stays visible.
 *
 * It reads no request state (only the route's config), so it depends on no plugin; it must be
 * registered before the request path, so a refused request costs no sidecar call.
 *
 * @example
 *   await app.register(auditBacklogGuard, {
 *     overBound: () => emitter.overBound(),
 *     onRefused: () => metrics.auditRefused.inc(),
 *   });
 */
export const auditBacklogGuard = fp(
  async (app: FastifyInstance, opts: AuditBacklogGuardOptions) => {
    const onRefused = opts.onRefused ?? (() => {});
    app.addHook("onRequest", async (request) => {
      if (routeConfig(request).security?.kind !== "oauth2" || !opts.overBound()) return;
      onRefused();
      throw new ApiError("unavailable", "The audit trail is behind; retry shortly.", {
        headers: { "retry-after": RETRY_AFTER_SECONDS },
      });
    });
  },
  { name: "cpod-audit-backlog-guard", fastify: "5.x" },
);
