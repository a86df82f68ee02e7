import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AuditSink } from "../audit/audit-emitter.js";
import { requestState, type SidecarStep } from "../request-path/principal.js";
import type { GatewayMetrics } from "./gateway-metrics.js";

/** `ValidateToken` → `validate` etc.: short Server-Timing metric names (RFC token syntax). */
const TIMING_NAMES: Record<string, string> = {
  ValidateToken: "validate",
  Authorize: "authorize",
  Check: "ratelimit",
};

/**
 * `Server-Timing` (W3C): each sidecar call of the request path and their sum as `sidecar`, in
 * milliseconds, e.g. `validate;dur=0.41, authorize;dur=0.22, ratelimit;dur=0.30, sidecar;dur=0.93`.
 * Browsers show it in their network panel; it says only how long, never what was decided.
 */
export function serverTiming(steps: readonly SidecarStep[]): string {
  const parts = steps.map((s) => `${TIMING_NAMES[s.step] ?? s.step};dur=${s.ms.toFixed(2)}`);
  const total = steps.reduce((sum, s) => sum + s.ms, 0);
  return [...parts, `sidecar;dur=${total.toFixed(2)}`].join(", ");
}

/** The route label: the contract's path template, so ids and keys never become label values. */
function routeLabel(request: FastifyRequest): string {
  const config = request.routeOptions.config as { path?: string } | undefined;
  return config?.path ?? (request.routeOptions.url ? request.routeOptions.url : "unmatched");
}

/**
 * Per-route and per-sidecar-step histograms and the `Server-Timing` header. Steps are noted by
 * the request path (request-path.ts) on the request's state; this only reads them, so the
 * order and fail-closed rules of the path stay in one place.
 */
export function installObservability(app: FastifyInstance, metrics: GatewayMetrics): void {
  app.addHook("onSend", async (request, reply, payload) => {
    const steps = requestState(request).steps;
    if (steps?.length) reply.header("server-timing", serverTiming(steps));
    return payload;
  });
  app.addHook("onResponse", async (request, reply) => {
    const labels = {
      route: routeLabel(request),
      method: request.method,
      status: String(reply.statusCode),
    };
    metrics.requests.inc(labels);
    metrics.requestDuration.observe(labels, reply.elapsedTime / 1000);
    for (const step of requestState(request).steps ?? []) {
      metrics.sidecarDuration.observe(
        { step: step.step, outcome: step.ok ? "ok" : "error" },
        step.ms / 1000,
      );
    }
  });
}

/** The audit sink with each Emit timed into the same per-step histogram. */
export function timedAuditSink(sink: AuditSink, metrics: GatewayMetrics): AuditSink {
  return {
    async emit(entry) {
      const end = metrics.sidecarDuration.startTimer({ step: "Emit" });
      try {
        await sink.emit(entry);
        end({ outcome: "ok" });
      } catch (error) {
        end({ outcome: "error" });
        throw error;
      }
    },
  };
}
