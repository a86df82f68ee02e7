import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { AuditSink } from "../audit/audit-emitter.js";
import { REQUEST_PATH_PLUGIN } from "../request-path/request-path.js";
import type { SidecarStep } from "../request-path/request-state.js";
import type { GatewayMetrics } from "./gateway-metrics.js";

/** `ValidateToken` → `validate` etc.: short Server-Timing metric names (RFC token syntax). */
const TIMING_NAMES: Record<string, string> = {
  ValidateToken: "validate",
  Authorize: "authorize",
  Check: "ratelimit",
};

/**
 * `Server-Timing` (W3C): each step of the request path as the sidecar ran it, then `sidecar`, the
 * whole Admit round trip as the gateway waited for it, in milliseconds — e.g.
 * `validate;dur=0.012, authorize;dur=0.020, ratelimit;dur=0.004, sidecar;dur=0.210`; the gap
 * between `sidecar` and the steps' sum is the hop itself. A request that waited for its turn to
 * be admitted (the fair queue was at its limit) starts with `queue`, the wait. Browsers show it
 * in their network panel; it says only how long, never what was decided.
 */
export function serverTiming(
  steps: readonly SidecarStep[],
  sidecarMs: number,
  queuedMs?: number,
): string {
  const parts = steps.map((s) => `${TIMING_NAMES[s.step] ?? s.step};dur=${s.ms.toFixed(3)}`);
  if (queuedMs !== undefined) parts.unshift(`queue;dur=${queuedMs.toFixed(3)}`);
  parts.push(`sidecar;dur=${sidecarMs.toFixed(3)}`);
  return parts.join(", ");
}

/** The route label: the contract's path template, so ids and keys never become label values. */
function routeLabel(request: FastifyRequest): string {
  const config = request.routeOptions.config as { path?: string } | undefined;
  return config?.path ?? (request.routeOptions.url ? request.routeOptions.url : "unmatched");
}

/**
 * Per-route and per-sidecar-step histograms and the `Server-Timing` header. Steps are noted by
 * the request path (request-path.ts) in `request.cpod`; this only reads them, so the order and
 * fail-closed rules of the path stay in one place — and it depends on `cpod-request-path`.
 *
 * @example
 *   await app.register(observability, { metrics: createGatewayMetrics() });
 */
export const observability = fp(
  async (app: FastifyInstance, opts: { metrics: GatewayMetrics }) => {
    const { metrics } = opts;
    app.addHook("onSend", async (request, reply, payload) => {
      const { steps, sidecar, queuedMs } = request.cpod;
      if (sidecar) reply.header("server-timing", serverTiming(steps ?? [], sidecar.ms, queuedMs));
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
      const sidecar = request.cpod.sidecar;
      if (sidecar) {
        const outcome = sidecar.ok ? "ok" : "error";
        metrics.sidecarDuration.observe({ step: "Admit", outcome }, sidecar.ms / 1000);
      }
    });
  },
  {
    name: "cpod-observability",
    fastify: "5.x",
    dependencies: [REQUEST_PATH_PLUGIN],
    decorators: { request: ["cpod"] },
  },
);

/** The audit sink with each EmitBatch call timed into the same per-call histogram. */
export function timedAuditSink(sink: AuditSink, metrics: GatewayMetrics): AuditSink {
  return {
    async emitBatch(entries) {
      const end = metrics.sidecarDuration.startTimer({ step: "EmitBatch" });
      try {
        const outcomes = await sink.emitBatch(entries);
        end({ outcome: "ok" });
        return outcomes;
      } catch (error) {
        end({ outcome: "error" });
        throw error;
      }
    },
  };
}
