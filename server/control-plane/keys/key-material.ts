import { type CryptoKey, exportJWK, exportPKCS8, generateKeyPair, importPKCS8 } from "jose";
import { ulid } from "ulid";
import type { SigningKeyRecord } from "../store/control-plane-store.js";
import type { KeySealer } from "./key-sealer.js";

/** The only signing algorithm (DESIGN.md §8). */
export const ALG = "RS256";

/** A published public key (RFC 7517), as in the contract's `Jwk`. */
export interface PublicJwk {
  kty: "RSA";
  use: "sig";
  alg: "RS256";
  kid: string;
  n: string;
  e: string;
}

/** The AES-GCM associated data that binds a sealed private key to its kid. */
const context = (kid: string) => `cpod.signing-key:${kid}`;

/**
 * A new RSA signing key as stored: the public JWK in the clear, the PKCS#8 private key sealed
 * with the master key. It starts as a next key (published, not signing: `activatedAt` null).
 * Generation runs on libuv's threadpool (WebCrypto), off the event loop.
 *
 * @example
 *   const record = await generateSigningKey(sealer, 2048, new Date());
 */
export async function generateSigningKey(
  sealer: KeySealer,
  modulusLength: number,
  createdAt: Date,
): Promise<SigningKeyRecord> {
  const kid = `k_${ulid()}`;
  const { publicKey, privateKey } = await generateKeyPair(ALG, {
    modulusLength,
    extractable: true,
  });
  const pem = await exportPKCS8(privateKey);
  const { n = "", e = "" } = await exportJWK(publicKey);
  return {
    kid,
    createdAt,
    activatedAt: null,
    retiresAt: null,
    publicJwk: { kty: "RSA", use: "sig", alg: ALG, kid, n, e },
    sealed: sealer.seal(Buffer.from(pem, "utf8"), context(kid)),
  };
}

/** Opens a stored key for signing; throws SealError under the wrong master key. */
export async function openSigningKey(
  sealer: KeySealer,
  record: SigningKeyRecord,
): Promise<{ kid: string; key: CryptoKey }> {
  const pem = sealer.open(record.sealed, context(record.kid)).toString("utf8");
  return { kid: record.kid, key: await importPKCS8(pem, ALG) };
}
