import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

/** An RS256 signing key with its public JWK, as the control plane would hold it. */
export interface TestSigner {
  kid: string;
  publicJwk: JWK;
  sign(claims: Record<string, unknown>, opts?: { expiresInSecs?: number }): Promise<string>;
}

export const TEST_ISSUER = "https://cpod.test";
export const TEST_AUDIENCE = "cpod-api";

/** A fresh 2048-bit RS256 key that signs tokens with cPod's claim set. */
export async function createSigner(kid = "test-key-1"): Promise<TestSigner> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", {
    modulusLength: 2048,
    extractable: true,
  });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return {
    kid,
    publicJwk,
    sign: (claims, opts = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid })
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${opts.expiresInSecs ?? 300}s`)
        .setJti(crypto.randomUUID())
        .sign(privateKey),
  };
}

/** Serves `{keys}` at /.well-known/jwks.json on loopback, as the control plane does. */
export async function serveJwks(keys: JWK[]): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
