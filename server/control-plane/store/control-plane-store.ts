/**
 * The control plane's storage port: what the services need from a database, nothing more. One
 * implementation (SQL over the SqlClient port) runs on a configured PostgreSQL and on the embedded
 * one; the conformance suite in test/conformance/control-plane-store.test.ts runs on both.
 */

import type {
  AccessTokenRef,
  App,
  AppCredentials,
  IdempotentResponse,
  OutboxMessage,
  Page,
  PageQuery,
  RefreshTokenRecord,
  SigningKeyRecord,
  Tenant,
  TenantChanges,
} from "./records.js";

export type * from "./records.js";

export interface TenantStore {
  insert(tenant: Tenant): Promise<void>;
  get(id: string): Promise<Tenant | undefined>;
  /** The tenant, row-locked until the transaction ends (so an audited before-state is true). */
  getForUpdate(id: string): Promise<Tenant | undefined>;
  list(query: PageQuery): Promise<Page<Tenant>>;
  /** Applies the changes present in `changes`; undefined when unknown. */
  update(id: string, changes: TenantChanges): Promise<Tenant | undefined>;
  /** Sets `suspended` (a no-op when it already is); undefined when unknown. */
  suspend(id: string, at: Date): Promise<Tenant | undefined>;
  /** Sets `active` (a no-op when it already is); undefined when unknown. */
  resume(id: string): Promise<Tenant | undefined>;
}

export interface AppStore {
  /** False when the client_id is taken (by a live or a deleted app). */
  insert(app: App, secretHash: string): Promise<boolean>;
  get(clientId: string): Promise<App | undefined>;
  credentials(clientId: string): Promise<AppCredentials | undefined>;
  list(query: PageQuery & { tenantId?: string }): Promise<Page<App>>;
  /** Marks deleted and drops the hash; false when unknown or already deleted. */
  delete(clientId: string, at: Date): Promise<boolean>;
  replaceSecret(clientId: string, secretHash: string, at: Date): Promise<App | undefined>;
}

export interface KeyStore {
  insert(key: SigningKeyRecord): Promise<void>;
  /** Every key not yet removed, newest first. */
  list(): Promise<SigningKeyRecord[]>;
  /** Sets `retiresAt` on the signing key(s): activated and not yet retiring. */
  retireActive(at: Date): Promise<void>;
  /** Makes the next key `kid` the signing one from `at`; false when it is not the next key. */
  activate(kid: string, at: Date): Promise<boolean>;
  /** Deletes keys that retired before `before`. */
  purge(before: Date): Promise<number>;
}

export interface RefreshTokenStore {
  insert(token: RefreshTokenRecord): Promise<void>;
  /** The token, row-locked until the transaction ends (rotation must not race itself). */
  getForUpdate(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  get(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  markUsed(tokenHash: string, at: Date): Promise<void>;
  /** Revokes every token of the family; returns their access tokens that have not expired. */
  revokeFamily(familyId: string, at: Date): Promise<AccessTokenRef[]>;
  revokeForClient(clientId: string, at: Date): Promise<number>;
  purge(before: Date): Promise<number>;
}

export interface RevokedTokenStore {
  /** False when the jti was already revoked. */
  add(token: AccessTokenRef): Promise<boolean>;
  isRevoked(jti: string): Promise<boolean>;
  purge(before: Date): Promise<number>;
}

export interface OutboxStore {
  add(message: OutboxMessage): Promise<void>;
  /** The oldest messages, in the order they were added. */
  peek(limit: number): Promise<OutboxMessage[]>;
  remove(id: string): Promise<void>;
  has(id: string): Promise<boolean>;
  recordFailure(id: string, error: string): Promise<void>;
  /** Takes or renews the named lease for `holder`; false while another holder has it. */
  lease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
}

export interface IdempotencyStore {
  get(scope: string, key: string, since: Date): Promise<IdempotentResponse | undefined>;
  /** False when the key is already recorded (a concurrent twin won). */
  put(scope: string, key: string, response: IdempotentResponse): Promise<boolean>;
  purge(before: Date): Promise<number>;
}

/** Every store, bound to one connection or transaction. */
export interface ControlPlaneStore {
  tenants: TenantStore;
  apps: AppStore;
  keys: KeyStore;
  refreshTokens: RefreshTokenStore;
  revocations: RevokedTokenStore;
  outbox: OutboxStore;
  idempotency: IdempotencyStore;
  /** Runs `fn` with every store bound to one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: ControlPlaneStore) => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: waits for the named lock, held until the transaction ends, so a step
   * (first key, key rotation) runs once at a time across every instance sharing the database.
   */
  lock(name: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
