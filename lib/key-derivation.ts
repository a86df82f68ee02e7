import { hkdfSync } from "node:crypto";
import { MASTER_KEY_BYTES } from "./master-key.js";

// Every key the programs derive from the installation master key, derived one way (HKDF-SHA256)
// from one closed list of labels. A label names its program and its job, so no derived key
// serves two jobs and no two programs can derive the same key by accident.

/**
 * The purposes a key is derived for, each with its HKDF `info` label. Changing a label changes
 * the key (test/lib/key-derivation.test.ts pins every output): cursors and presigned URLs signed
 * before the change stop verifying, which is acceptable only because they are short-lived.
 */
export const KEY_PURPOSES = {
  /** The gateway's entity list cursors (`/v1/entities/...`). */
  gatewayEntityCursor: "cpod/gateway/entity-cursor/v1",
  /** The gateway's KV and file list cursors. */
  gatewayListCursor: "cpod/gateway/list-cursor/v1",
  /** The embedded file store's presigned URLs (`/v1/presigned/...`). */
  gatewayFilePresign: "cpod/gateway/file-presign/v1",
  /** The control plane's admin list cursors (tenants, apps, signing keys). */
  controlPlaneCursor: "cpod/control-plane/cursor/v1",
  /** The sidecar's audit query cursors. */
  sidecarAuditCursor: "cpod/sidecar/audit-cursor/v1",
} as const;

/** What a derived key is for: one of {@link KEY_PURPOSES}. */
export type Purpose = keyof typeof KEY_PURPOSES;

/** Bytes of every derived key: a full HMAC-SHA256 key. */
export const DERIVED_KEY_BYTES = 32;

/**
 * The 32-byte key for `purpose`, derived from the master key with HKDF-SHA256 (no salt, the
 * purpose's label as `info`). Every replica given the same master key derives the same key, so
 * a cursor signed by one replica verifies on the next, and the master key itself never signs.
 *
 * @example
 *   const key = deriveKey(masterKey, "gatewayEntityCursor");
 */
export function deriveKey(masterKey: Uint8Array, purpose: Purpose): Buffer {
  if (masterKey.length !== MASTER_KEY_BYTES)
    throw new TypeError(`deriveKey: the master key must be ${MASTER_KEY_BYTES} bytes`);
  const info = KEY_PURPOSES[purpose];
  return Buffer.from(hkdfSync("sha256", masterKey, new Uint8Array(0), info, DERIVED_KEY_BYTES));
}
