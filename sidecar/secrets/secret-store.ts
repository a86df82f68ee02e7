import type { SealedSecret } from "./secret-cipher.js";

/** Everything about a secret except its value: safe to list and to log. */
export interface SecretMeta {
  name: string;
  /** 1 on creation, +1 on every put; a re-seal under a new key does not change it. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** The `sub` of the caller who last set the value. */
  updatedBy: string;
  /** What the secret is for, as the last put set it; absent when that put gave none. */
  description?: string;
}

/** A stored secret: its metadata and its still-encrypted value. */
export interface StoredSecret extends SecretMeta {
  sealed: SealedSecret;
}

/** A put: the new sealed value of `name` in `tenantId`, by whom and when. */
export interface PutSecretInput {
  tenantId: string;
  name: string;
  sealed: SealedSecret;
  updatedBy: string;
  at: Date;
  /** Replaces the stored description; absent clears it (a put replaces the whole secret). */
  description?: string;
}

/** One page of a tenant's secrets in name order (bytewise), after `after` when given. */
export interface ListSecretsQuery {
  prefix?: string;
  /** The last name of the previous page (keyset pagination). */
  after?: string;
  limit: number;
}

/** A page of metadata; `more` says whether a next page exists. */
export interface SecretPage {
  items: SecretMeta[];
  more: boolean;
}

/**
 * Where encrypted secrets live, one row per (tenant, name). The port only ever sees sealed
 * values: encryption happens in the service, so no adapter can store or leak plaintext.
 * Every method is scoped by tenant, so one tenant can never reach another's rows.
 */
export interface SecretStore {
  /** Creates the secret (version 1) or replaces its value and description (version + 1). */
  put(input: PutSecretInput): Promise<SecretMeta>;
  /** The secret, or undefined when this tenant has none by that name. */
  get(tenantId: string, name: string): Promise<StoredSecret | undefined>;
  /** Removes the secret; false when there was none. */
  delete(tenantId: string, name: string): Promise<boolean>;
  /** Metadata only; values are never read for a list. */
  list(tenantId: string, query: ListSecretsQuery): Promise<SecretPage>;
  /**
   * Key rotation: replaces the sealed value with `next` (same plaintext under the current key)
   * only if the row still holds `expectedIv`, so a concurrent put is never overwritten. Leaves
   * version and timestamps alone. True when the row was re-sealed.
   */
  reseal(
    tenantId: string,
    name: string,
    expectedIv: Uint8Array,
    next: SealedSecret,
  ): Promise<boolean>;
}
