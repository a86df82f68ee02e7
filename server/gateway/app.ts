import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from "fastify";
import { gatewayRoutes, gatewaySchemaDocument } from "../../gen/routes/gateway.js";
import type { Tracing } from "../../lib/tracing/start-tracing.js";
import { createServer, type ServerOptions } from "../shared/http/build-server.js";
import { httpSpans } from "../shared/http/http-spans.js";
import { registerRoutes } from "../shared/http/register-routes.js";
import { AuditEmitter } from "./audit/audit-emitter.js";
import type { DurableAuditQueue } from "./audit/durable-queue.js";
import type { GatewayConfig } from "./config.js";
import { type GatewayContext, gatewayHandlers } from "./handlers.js";
import { type AuditLag, createGatewayMetrics } from "./observability/gateway-metrics.js";
import { timedAuditSink } from "./observability/observability-hooks.js";
import { registerBrowserRoutes } from "./ops/browser-routes.js";
import { registerGatewayPlugins } from "./plugins.js";
import type { GatewayPorts } from "./ports.js";
import { FairQueue } from "./request-path/fair-queue.js";
import { fromTrustedProxy, trustedPeers } from "./request-path/transport-security.js";

/** How the fastify server itself is made: its logger, and a route listener (contract tests). */
export interface GatewayServerOptions {
  logger?: FastifyServerOptions["logger"];
  onRoute?: ServerOptions["onRoute"];
  /**
   * A server span per request (startTracing); the ports trace their own calls when
   * openGatewayPorts was given the same Tracing. Absent, no hook is installed.
   */
  tracing?: Tracing | undefined;
}

const settlers = new WeakMap<FastifyInstance, () => Promise<void>>();

/** Resolves once every audit record of `app` so far reached the sidecar (tests, shutdown). */
export function auditSettled(app: FastifyInstance): Promise<void> {
  return settlers.get(app)?.() ?? Promise.resolve();
}

/** The audit queue's lag for the metrics: records waiting and the oldest one's age. */
async function auditLag(queue: DurableAuditQueue): Promise<AuditLag> {
  const depth = await queue.depth();
  const oldest = queue.oldestTimestamp;
  const age = oldest === undefined ? 0 : (Date.now() - Date.parse(oldest)) / 1000;
  return { depth, oldestAgeSeconds: Math.max(0, Number.isFinite(age) ? age : 0) };
}

/**
 * cpod-backend, built and not started (tests `inject`, main.ts listens), over the ports it is
 * given (`openGatewayPorts(config)` in production). Every operation of `openapi/gateway.yaml`
 * is registered from the generated route table, behind HSTS/TLS checks, the sidecar request
 * path (steps 1–4) and the audit hook (step 6). Closing the app flushes the audit queue, then
 * closes the ports.
 *
 * @example
 *   const config = loadGatewayConfig(process.env);
 *   const app = await buildGateway(config, await openGatewayPorts(config));
 */
export async function buildGateway(
  config: GatewayConfig,
  ports: GatewayPorts,
  server: GatewayServerOptions = {},
): Promise<FastifyInstance> {
  const app = await createServer({
    schemaDocument: gatewaySchemaDocument,
    routes: gatewayRoutes,
    ...(config.tls ? { https: config.tls } : {}),
    logger: server.logger,
    onRoute: server.onRoute,
  });
  // First of the gateway's hooks, so the request path and the handlers run inside the span.
  // A client's traceparent is continued only through a trusted proxy (CPOD_TRUSTED_PROXIES).
  if (server.tracing) {
    const proxies = trustedPeers(config.trustedProxies);
    const trustIncoming = (request: FastifyRequest) => fromTrustedProxy(request, proxies);
    await app.register(httpSpans, { tracing: server.tracing, trustIncoming });
  }
  const { sidecar } = ports;
  const admissionQueue = new FairQueue({
    limit: config.admission.concurrency,
    maxWaiting: config.admission.queueMax,
  });
  const metrics = createGatewayMetrics({
    auditLag: () => auditLag(ports.audit.queue),
    admissionWaiting: () => admissionQueue.waiting,
  });
  const audit = new AuditEmitter({
    sink: timedAuditSink(sidecar, metrics),
    queue: ports.audit.queue,
    minBackoffMs: ports.audit.minBackoffMs,
    maxQueued: config.auditQueueMax,
    onRejected: () => metrics.auditRejected.inc(),
    log: (error) => app.log.error({ err: error }, "audit queue failure"),
  });
  app.addHook("onClose", async () => {
    await audit.close();
    await ports.close();
  });
  await registerGatewayPlugins(app, {
    transport: { production: config.production, trustedProxies: config.trustedProxies },
    metrics,
    audit,
    sidecar,
    failMode: config.sidecar.failMode,
    admissionQueue,
    idempotency: ports.idempotency,
  });
  settlers.set(app, () => audit.settled());
  ports.controlPlane.install(app);
  registerRoutes<GatewayContext>(app, {
    routes: gatewayRoutes,
    handlers: gatewayHandlers(ports, metrics.registry),
    context: (request) => {
      const { claims, accessToken } = request.cpod;
      const caller = claims && {
        tenantId: claims.tenantId,
        appId: claims.appId,
        subject: claims.sub,
        userId: claims.userId,
        scopes: claims.scopes,
        accessToken,
      };
      return { requestId: String(request.id), ...(caller ? { caller } : {}) };
    },
  });
  registerBrowserRoutes(app);
  for (const [store, adapter] of Object.entries(ports.adapters))
    app.log.info(`cpod gateway: ${store} store ${adapter}`);
  return app;
}
