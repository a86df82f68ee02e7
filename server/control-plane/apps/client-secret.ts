import { randomBytes } from "node:crypto";
import { argon2id, hash, verify } from "argon2";
import {
  CLIENT_SECRET_PREFIX,
  CREDENTIAL_BYTES,
  credentialFormat,
} from "../../../lib/credential-formats.js";

/**
 * Argon2id parameters for client secrets: OWASP's first recommended setting (19 MiB of memory,
 * 2 passes, 1 lane; RFC 9106 §4's memory-constrained profile family). Secrets are 256 random
 * bits, so the hash is not what protects them from guessing; it makes a stolen database useless
 * and is the reason verification must stay off the event loop (node-argon2 runs it on libuv's
 * threadpool) and be rate-limited. Measured here: ~45 ms per verification on one core.
 */
export const ARGON2_OPTIONS = {
  type: argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * `cs_` + 256 random bits, base64url (the contract's `ClientSecret`). From lib/, where the
 * sidecar's masking reads it too, so a secret in a log line is always recognised.
 */
export const CLIENT_SECRET = credentialFormat(CLIENT_SECRET_PREFIX);

/**
 * A new client secret. Shown to the caller once and never stored: only its hash is.
 *
 * @example
 *   const secret = newClientSecret(); // "cs_q3Zf…"
 */
export function newClientSecret(): string {
  return `${CLIENT_SECRET_PREFIX}${randomBytes(CREDENTIAL_BYTES).toString("base64url")}`;
}

/** The Argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) stored for a secret. */
export function hashClientSecret(secret: string): Promise<string> {
  return hash(secret, ARGON2_OPTIONS);
}

/**
 * Whether `secret` matches `phc`, in constant time (node-argon2 compares digests with
 * `timingSafeEqual`). A malformed hash is a mismatch, never an exception.
 */
export async function verifyClientSecret(phc: string, secret: string): Promise<boolean> {
  try {
    return await verify(phc, secret);
  } catch {
    return false;
  }
}
