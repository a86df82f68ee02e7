import type { FastifyInstance, FastifyRequest } from "fastify";
import { requestState, routeConfig } from "../request-path/principal.js";
import type { AuditEntry } from "../sidecar/sidecar-client.js";
import type { AuditEmitter } from "./audit-emitter.js";

/** `listPeople` → `list`: the verb of an operation id, for `<area>.<verb>` audit actions. */
function verbOf(operationId: string): string {
  return /^[a-z]+/.exec(operationId)?.[0] ?? operationId;
}

/** How the request ended, in the audit vocabulary. */
function outcomeOf(status: number, denied: boolean): AuditEntry["outcome"] {
  if (denied || status === 401 || status === 403 || status === 429) return "denied";
  return status >= 400 ? "error" : "success";
}

/** The audit record of one finished request, or undefined when no token was verified. */
export function auditEntry(
  request: FastifyRequest,
  status: number,
  latencyMs: number,
): AuditEntry | undefined {
  const state = requestState(request);
  const claims = state.claims;
  if (!claims) return undefined; // no verified tenant: there is no chain to append to
  const area = (state.action ?? "").split(".")[0] || "api";
  const operationId = routeConfig(request).operationId ?? "unknown";
  return {
    tenantId: claims.tenantId,
    timestamp: new Date().toISOString(),
    actor: {
      type: claims.userId ? "user" : "app",
      id: claims.sub,
      appId: claims.appId,
      ...(claims.userId ? { userId: claims.userId } : {}),
    },
    action: `${area}.${verbOf(operationId)}`,
    resource: state.resource ?? { type: area, id: "" },
    outcome: outcomeOf(status, state.denied === true),
    status,
    requestId: String(request.id),
    metadata: { latency_ms: Math.round(latencyMs * 1000) / 1000, operation_id: operationId },
  };
}

/**
 * Step 6 as an `onResponse` hook: every request whose token was verified — allowed, denied or
 * failed — is recorded after the response is sent, so audit latency never reaches the client.
 */
export function installAuditHook(app: FastifyInstance, emitter: AuditEmitter): void {
  app.addHook("onResponse", async (request, reply) => {
    const entry = auditEntry(request, reply.statusCode, reply.elapsedTime);
    if (entry) emitter.record(entry);
  });
}
