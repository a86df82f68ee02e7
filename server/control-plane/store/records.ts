/**
 * The records the control plane stores, as the services see them (dates as Date, no driver
 * types). The ports that read and write them are in control-plane-store.ts.
 */

export type TenantStatus = "active" | "suspended";
export type TenantPlan = "free" | "pro" | "enterprise";
export type AppType = "service" | "web";

/**
 * Per-tenant overrides of the plan's request-rate limit. Each absent field keeps the plan's
 * value, so a plan change still moves it; the sidecar owns the plan table and applies both.
 */
export interface TenantLimitOverrides {
  requestsPerWindow?: number;
  windowSeconds?: number;
}

/** A tenant as stored. */
export interface Tenant {
  id: string;
  name: string;
  status: TenantStatus;
  plan: TenantPlan;
  /** null when the tenant has no overrides (its plan's limits apply). */
  limits: TenantLimitOverrides | null;
  createdAt: Date;
}

/** What an update may change; absent fields keep their value, `limits: null` clears them. */
export interface TenantChanges {
  name?: string;
  plan?: TenantPlan;
  limits?: TenantLimitOverrides | null;
}

/** An OAuth app (client) as stored, without its secret hash. */
export interface App {
  clientId: string;
  tenantId: string;
  name: string;
  declaredScopes: string[];
  appType: AppType;
  createdAt: Date;
  secretRotatedAt: Date | null;
}

/** What client authentication needs: the app, its Argon2id hash and its tenant's status. */
export interface AppCredentials extends App {
  secretHash: string;
  tenantStatus: TenantStatus;
}

/** One page of a keyset-paged list; `next` is the position to continue after, if any. */
export interface Page<T> {
  items: T[];
  next: number | undefined;
}

/** Keyset paging: rows after position `after` (0 = from the start), at most `limit`. */
export interface PageQuery {
  after: number;
  limit: number;
}

/** AES-256-GCM output as stored; `keyId` names the master key that sealed it. */
export interface SealedBlob {
  keyId: string;
  iv: Uint8Array;
  tag: Uint8Array;
  ciphertext: Uint8Array;
}

/** A token signing key: public JWK in the clear, private key sealed. */
export interface SigningKeyRecord {
  kid: string;
  createdAt: Date;
  /** When it started signing; null while it is the next key (published, not yet signing). */
  activatedAt: Date | null;
  /** When it leaves the JWKS; null while it is the next or the active key. */
  retiresAt: Date | null;
  publicJwk: Record<string, string>;
  sealed: SealedBlob;
}

/** One refresh token of a rotation family, stored by the SHA-256 of its value. */
export interface RefreshTokenRecord {
  tokenHash: string;
  familyId: string;
  clientId: string;
  tenantId: string;
  userId: string;
  scope: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  /** The access token issued with it, so revoking the family can deny-list it too. */
  accessJti: string;
  accessExp: Date;
}

/** An access token to deny-list: what AuthService.RevokeToken needs. */
export interface AccessTokenRef {
  jti: string;
  tenantId: string;
  exp: Date;
}

/** A message for the sidecar, queued durably in the same transaction as the change it reports. */
export interface OutboxMessage {
  /** ULID; also the Emit `dedup_key`, so a redelivery never appends twice. */
  id: string;
  kind: "audit" | "revoke";
  tenantId: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** A stored answer for an `Idempotency-Key`. */
export interface IdempotentResponse {
  requestHash: string;
  status: number;
  body: unknown;
  createdAt: Date;
}
