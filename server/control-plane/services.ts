import type { Tracer } from "@opentelemetry/api";
import { deriveKey } from "../../lib/key-derivation.js";
import { AppService } from "./apps/app-service.js";
import { hashClientSecret, newClientSecret } from "./apps/client-secret.js";
import { AuditExport } from "./audit/audit-export.js";
import { OutboxRelay } from "./audit/outbox-relay.js";
import type { ControlPlaneConfig } from "./config.js";
import type { ControlPlaneServices } from "./handlers.js";
import { AdminCursors } from "./http/cursor.js";
import { Idempotency } from "./idempotency/idempotency.js";
import { KeyRing } from "./keys/key-ring.js";
import { KeySealer } from "./keys/key-sealer.js";
import { SigningKeyService } from "./keys/signing-key-service.js";
import { AccessTokens } from "./oauth/access-tokens.js";
import { ClientAuthenticator } from "./oauth/client-authenticator.js";
import { FailureLimiter } from "./oauth/failure-limiter.js";
import { RefreshTokens } from "./oauth/refresh-tokens.js";
import { TokenInspection } from "./oauth/token-inspection.js";
import { TokenService } from "./oauth/token-service.js";
import { VerificationScheduler } from "./oauth/verification-scheduler.js";
import type { AuditReader } from "./sidecar/audit-reader.js";
import type { SidecarClient } from "./sidecar/sidecar-client.js";
import type { ControlPlaneStore } from "./store/control-plane-store.js";
import { TenantService } from "./tenants/tenant-service.js";

/** What the services are made from: the store and sidecar the composition root picked. */
export interface ServiceParts {
  config: ControlPlaneConfig;
  store: ControlPlaneStore;
  masterKey: Buffer;
  sidecar: SidecarClient | undefined;
  /** The sidecar's audit reads (the admin export); unset: exports answer `unavailable`. */
  auditReader?: AuditReader;
  log: (message: string, error?: unknown) => void;
  now?: () => Date;
  /** Tracing on: the outbox relay's deliveries are traced (OutboxRelayOptions.tracer). */
  tracer?: Tracer | undefined;
}

/**
 * Builds every service of the control plane from its parts. Opens the key ring, which makes
 * the first signing key on a fresh database.
 *
 * @example
 *   const { services, relay, keys } = await createServices({ config, store, masterKey, sidecar, log });
 */
export async function createServices(parts: ServiceParts) {
  const { config, store, now } = parts;
  const idempotency = new Idempotency(store, now);
  const keys = await KeyRing.open({
    store,
    sealer: new KeySealer(parts.masterKey),
    tokenTtlSecs: config.tokenTtlSecs,
    now,
  });
  const tokens = new AccessTokens({
    keys,
    issuer: config.issuer,
    audience: config.audience,
    ttlSecs: config.tokenTtlSecs,
    now,
  });
  const authenticator = new ClientAuthenticator({
    apps: store.apps,
    limiter: new FailureLimiter(config.failureLimits),
    scheduler: new VerificationScheduler(config.argon2Concurrency),
    decoyHash: await hashClientSecret(newClientSecret()),
  });
  const relay = new OutboxRelay({
    store,
    sidecar: parts.sidecar,
    log: parts.log,
    now,
    tracer: parts.tracer,
  });
  const refresh = new RefreshTokens({
    store,
    tokens,
    ttlSecs: config.refreshTokenTtlSecs,
    onQueued: () => void relay.drain(),
    now,
  });
  const tenants = new TenantService({ store, idempotency, now });
  const services: ControlPlaneServices = {
    tenants,
    auditExport: new AuditExport({ tenants, tokens, store, now, reader: parts.auditReader }),
    apps: new AppService({ store, idempotency, now }),
    signingKeys: new SigningKeyService({ keys, idempotency }),
    cursors: new AdminCursors(deriveKey(parts.masterKey, "controlPlaneCursor")),
    tokens: new TokenService({ authenticator, tokens, refresh }),
    authenticator,
    inspection: new TokenInspection({ store, tokens, now }),
    keys,
    relay,
    issuer: config.issuer,
  };
  return { services, relay, keys, idempotency };
}
