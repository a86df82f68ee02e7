import { ulid } from "ulid";
import { PLATFORM_CHAIN } from "../../../lib/platform-chain.js";
import type { AccessTokenRef, OutboxMessage } from "../store/control-plane-store.js";

/**
 * The audit chain for actions that belong to no tenant (signing-key rotation, tenant listing):
 * `_platform` can never collide with a tenant id (`ten_` + ULID) and fits the sidecar's
 * `tenant_id` rule. One constant for the whole platform (lib/platform-chain.ts).
 */
export { PLATFORM_CHAIN };

/** Who acted. Admin actions are the operator's static token: it has no finer identity. */
export interface AuditActor {
  type: "admin" | "app" | "user" | "system";
  id: string;
  appId?: string;
  userId?: string;
}

/** One audited action, as AuditService.Emit needs it (DESIGN.md §7). */
export interface AuditEvent {
  tenantId: string;
  actor?: AuditActor;
  action: string;
  resource: { type: string; id?: string };
  outcome?: "success" | "denied" | "error";
  status: number;
  requestId: string;
  /** Context; never secrets (the sidecar masks it again, but nothing secret is put here). */
  metadata?: Record<string, unknown>;
  at: Date;
}

/** The operator, for admin-route audit records. */
export const ADMIN_ACTOR: AuditActor = { type: "admin", id: "admin" };

/** An audit event as an outbox message; its id doubles as the Emit `dedup_key`. */
export function auditMessage(event: AuditEvent): OutboxMessage {
  const actor = event.actor ?? ADMIN_ACTOR;
  return {
    id: ulid(),
    kind: "audit",
    tenantId: event.tenantId,
    createdAt: event.at,
    payload: {
      timestamp: event.at.toISOString(),
      actor: { type: actor.type, id: actor.id, app_id: actor.appId, user_id: actor.userId },
      action: event.action,
      resource: event.resource,
      outcome: event.outcome ?? "success",
      status: event.status,
      request_id: event.requestId,
      metadata: event.metadata ?? {},
    },
  };
}

/**
 * A deny-list entry for every token of an app issued at or before `at` (AuthService
 * RevokeAppTokens), kept until the longest possible lifetime of such a token has passed. Same
 * `revoke` kind as a jti entry (the outbox schema knows two kinds); `app_id` in the payload tells
 * them apart.
 */
export function revokeAppMessage(
  app: { clientId: string; tenantId: string },
  at: Date,
  maxTokenTtlSecs: number,
): OutboxMessage {
  // Rounded up: a token issued in the same second as the deletion has that second as its iat.
  const issuedBefore = Math.ceil(at.getTime() / 1000);
  return {
    id: ulid(),
    kind: "revoke",
    tenantId: app.tenantId,
    createdAt: at,
    payload: {
      app_id: app.clientId,
      issued_before: issuedBefore,
      expires_at: issuedBefore + maxTokenTtlSecs,
    },
  };
}

/** A deny-list entry for the sidecar (AuthService.RevokeToken) as an outbox message. */
export function revokeMessage(ref: AccessTokenRef, at: Date): OutboxMessage {
  return {
    id: ulid(),
    kind: "revoke",
    tenantId: ref.tenantId,
    createdAt: at,
    payload: { jti: ref.jti, exp: Math.ceil(ref.exp.getTime() / 1000) },
  };
}
