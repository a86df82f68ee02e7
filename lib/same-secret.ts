import { createHash, timingSafeEqual } from "node:crypto";

// One way to compare secrets, for every program: tokens, signatures, anything a caller presents
// and the server checks. lib/ holds it because the control plane and the gateway both need it.

const digest = (value: string | Uint8Array) => createHash("sha256").update(value).digest();

/**
 * Whether a presented secret equals the expected one, in constant time: both sides are hashed
 * to 32-byte SHA-256 digests and compared with `crypto.timingSafeEqual`, so neither the content
 * nor the length of the expected secret shows in the timing, and inputs of different lengths
 * are simply unequal (never an exception). Never compare secrets with `===`.
 *
 * @example
 *   if (!sameSecret(presentedToken, config.adminToken)) throw unauthenticated();
 */
export function sameSecret(given: string | Uint8Array, expected: string | Uint8Array): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
