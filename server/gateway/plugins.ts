import type { FastifyInstance } from "fastify";
import type { AuditEmitter } from "./audit/audit-emitter.js";
import { auditHook } from "./audit/audit-hook.js";
import { auditBacklogGuard } from "./audit/backlog-guard.js";
import { type IdempotencyStore, idempotency } from "./idempotency/index.js";
import type { GatewayMetrics } from "./observability/gateway-metrics.js";
import { observability } from "./observability/observability-hooks.js";
import type { FairQueue } from "./request-path/fair-queue.js";
import { type AdmissionClient, type FailMode, requestPath } from "./request-path/request-path.js";
import { requestState } from "./request-path/request-state.js";
import {
  type TransportSecurityOptions,
  transportSecurity,
} from "./request-path/transport-security.js";

/** What the gateway's hook plugins are built from (`buildGateway` makes each once). */
export interface GatewayPluginDeps {
  transport: TransportSecurityOptions;
  metrics: GatewayMetrics;
  /** The durable audit emitter: the backlog guard asks it, the audit hook records to it. */
  audit: Pick<AuditEmitter, "overBound" | "record">;
  sidecar: AdmissionClient;
  failMode: FailMode;
  /** The admissions in flight and the turns between callers (CPOD_ADMISSION_*). */
  admissionQueue: FairQueue;
  idempotency: IdempotencyStore;
}

/**
 * Registers the gateway's hook plugins in the one order that works. Fastify enforces what each
 * plugin reads — `cpod-request-path` needs `cpod-request-state`; observability, idempotency and
 * audit need `cpod-request-path` — and fails `ready()` when one is missing or late. What no
 * dependency can say is kept by this order: the state first (so a refusal by either guard is
 * audited from an initialised `request.cpod`), then the transport and backlog guards, whose
 * refusals must cost no token check and no sidecar call, then the request path. Within each
 * lifecycle hook the order is the registration order: Server-Timing is set before idempotency
 * stores a response, metrics are taken before the audit record is queued.
 *
 * @example
 *   await registerGatewayPlugins(app, { transport, metrics, audit, sidecar, failMode, admissionQueue, idempotency });
 */
export async function registerGatewayPlugins(
  app: FastifyInstance,
  deps: GatewayPluginDeps,
): Promise<void> {
  const { metrics, audit } = deps;
  await app.register(requestState);
  await app.register(transportSecurity, deps.transport);
  await app.register(auditBacklogGuard, {
    overBound: () => audit.overBound(),
    onRefused: () => metrics.auditRefused.inc(),
  });
  await app.register(requestPath, {
    sidecar: deps.sidecar,
    failMode: deps.failMode,
    queue: deps.admissionQueue,
    onQueueFull: () => metrics.admissionRefused.inc(),
  });
  await app.register(observability, { metrics });
  await app.register(idempotency, { store: deps.idempotency });
  await app.register(auditHook, {
    emitter: audit,
    onRepaired: (field) => metrics.auditRepaired.inc({ field }),
  });
}
