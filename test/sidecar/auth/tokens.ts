/**
 * Test tokens built by hand with node:crypto, so the tests can produce what no honest signer
 * would: `alg: none`, HS256 keyed with the RSA public key, 1024-bit RSA (jose refuses to sign
 * with it), tampered payloads. Keys are generated per test run; the clock is frozen.
 */
import { createHmac, generateKeyPairSync, type KeyObject, randomUUID, sign } from "node:crypto";
import type { JWK } from "jose";

/** The frozen "now" of every test, epoch milliseconds (2030-01-01T00:00:00Z). */
export const NOW_MS = Date.UTC(2030, 0, 1);
export const NOW = NOW_MS / 1000;
export const ISSUER = "https://cp.cpod.test";
export const AUDIENCE = "cpod-gateway";
export const LEEWAY = 30;

export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public JWK as the control plane would publish it. */
  jwk: JWK;
}

/** A fresh RSA key pair; `bits` below 2048 is allowed here on purpose. */
export function rsaKey(kid: string, bits = 2048): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const jwk = { ...(publicKey.export({ format: "jwk" }) as JWK), kid, alg: "RS256", use: "sig" };
  return { kid, privateKey, publicKey, jwk };
}

/** The private JWK of a key (to prove private members never leave GetJwks). */
export function privateJwk(key: TestKey): JWK {
  return { ...(key.privateKey.export({ format: "jwk" }) as JWK), kid: key.kid, alg: "RS256" };
}

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A signer over the JWS signing input `header.payload`. */
export type Signer = (input: string) => Buffer;
export const rs256 =
  (key: KeyObject): Signer =>
  (input) =>
    sign("sha256", Buffer.from(input), key);
export const hs256 =
  (secret: string | Buffer): Signer =>
  (input) =>
    createHmac("sha256", secret).update(input).digest();
export const unsigned: Signer = () => Buffer.alloc(0);

/** A compact JWS from any header and payload, signed by `signer`. */
export function forge(header: object, payload: object, signer: Signer): string {
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${signer(input).toString("base64url")}`;
}

/** Good claims for a user token issued one minute before the frozen now. */
export function goodClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: "user_1",
    tenant_id: "tnt_1",
    app_id: "app_1",
    user_id: "user_1",
    scope: "entities.read kv.write",
    jti: randomUUID(),
    iat: NOW - 60,
    exp: NOW + 3600,
    ...overrides,
  };
}

/** An honest RS256 token from `key`; an override of `undefined` drops that claim or header. */
export function tokenFrom(
  key: TestKey,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): string {
  return forge(
    { alg: "RS256", typ: "JWT", kid: key.kid, ...header },
    goodClaims(claims),
    rs256(key.privateKey),
  );
}
