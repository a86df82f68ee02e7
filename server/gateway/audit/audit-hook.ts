import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { PLATFORM_CHAIN, repairAndFlag } from "../../../lib/audit-repair.js";
import { REQUEST_PATH_PLUGIN } from "../request-path/request-path.js";
import { routeConfig } from "../request-path/route-config.js";
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

/** Who acted: the verified token's app or user, else nobody the gateway could verify. */
function actorOf(request: FastifyRequest): [tenantId: string, actor: AuditEntry["actor"]] {
  const claims = request.cpod.claims;
  if (!claims) return [PLATFORM_CHAIN, { type: "anonymous", id: "anonymous" }];
  const actor = {
    type: claims.userId ? "user" : "app",
    id: claims.sub,
    appId: claims.appId,
    ...(claims.userId ? { userId: claims.userId } : {}),
  };
  return [claims.tenantId, actor];
}

/**
 * The audit record of one finished request on an API (`oauth2`) route: in its tenant's chain,
 * or the platform chain when no token was verified (401, or 503 with the sidecar down). Public
 * and ops routes (health, metrics, docs, JWKS) and the admin routes the control plane audits
 * itself are not recorded here. Undefined for those.
 */
export function auditEntry(
  request: FastifyRequest,
  status: number,
  latencyMs: number,
): AuditEntry | undefined {
  if (routeConfig(request).security?.kind !== "oauth2") return undefined;
  const state = request.cpod;
  const [tenantId, actor] = actorOf(request);
  const area = (state.action ?? "").split(".")[0] || "api";
  const operationId = routeConfig(request).operationId ?? "unknown";
  return {
    tenantId,
    timestamp: new Date().toISOString(),
    actor,
    action: `${area}.${verbOf(operationId)}`,
    resource: state.resource ?? { type: area, id: "" },
    outcome: outcomeOf(status, state.denied === true),
    status,
    requestId: String(request.id),
    metadata: { latency_ms: Math.round(latencyMs * 1000) / 1000, operation_id: operationId },
    dedupKey: randomUUID(),
  };
}

/**
 * `entry` made to satisfy the sidecar's field rules with the repair the sidecar applies too
 * (lib/audit-repair.ts): a NUL or an over-long path in a hostile URL is escaped or cut, listed in
 * `metadata.repaired` (hashed with the record) and reported to `onRepaired` — never dropped.
 */
export function repairedEntry(entry: AuditEntry, onRepaired?: (field: string) => void): AuditEntry {
  const { record, repaired } = repairAndFlag(entry);
  for (const field of repaired) onRepaired?.(field);
  return record;
}

/** Where records go, and whom to tell of a repaired field (a metric). */
export interface AuditHookOptions {
  /** The gateway's AuditEmitter; only `record` is used, so tests may pass a list. */
  emitter: Pick<AuditEmitter, "record">;
  onRepaired?: (field: string) => void;
}

/**
 * Step 6 as an `onResponse` hook: every answered API request — allowed, denied or failed — is
 * recorded after the response is sent, so audit latency never reaches the client. Actor, tenant,
 * action and outcome come from `request.cpod` as the request path left it, hence the dependency
 * on `cpod-request-path`.
 *
 * @example
 *   await app.register(auditHook, { emitter, onRepaired: (field) => counter.inc({ field }) });
 */
export const auditHook = fp(
  async (app: FastifyInstance, opts: AuditHookOptions) => {
    app.addHook("onResponse", async (request, reply) => {
      const entry = auditEntry(request, reply.statusCode, reply.elapsedTime);
      if (entry) opts.emitter.record(repairedEntry(entry, opts.onRepaired));
    });
  },
  {
    name: "cpod-audit",
    fastify: "5.x",
    dependencies: [REQUEST_PATH_PLUGIN],
    decorators: { request: ["cpod"] },
  },
);
