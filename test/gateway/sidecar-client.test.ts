import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SidecarClient } from "../../server/gateway/sidecar/sidecar-client.js";
import { formatAddress, type RunningSidecar, startSidecar } from "../../sidecar/start.js";
import { testSidecarConfig } from "../helpers/sidecar.js";
import { createSigner, serveJwks, TEST_AUDIENCE, TEST_ISSUER } from "../helpers/tokens.js";

describe("SidecarClient over HTTP/2 to the default-style IPv6 loopback address", () => {
  let running: RunningSidecar;
  let jwks: Awaited<ReturnType<typeof serveJwks>>;
  let client: SidecarClient;
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  beforeAll(async () => {
    const signer = await createSigner();
    sign = (claims) => signer.sign(claims);
    jwks = await serveJwks([signer.publicJwk]);
    const config = testSidecarConfig({
      CORESDK_LISTEN_ADDR: "[::1]:0",
      CORESDK_JWKS_URL: jwks.url,
      CORESDK_JWT_ISSUER: TEST_ISSUER,
      CORESDK_JWT_AUDIENCE: TEST_AUDIENCE,
    });
    running = await startSidecar(config, { log: () => {} });
    client = new SidecarClient({ baseUrl: `http://${formatAddress(running.address)}` });
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await running?.close(100);
    await jwks?.close();
  });

  it("validates a token through http://[::1]:<port> (bracketed :authority trap)", async () => {
    expect(formatAddress(running.address)).toMatch(/^\[::1\]:\d+$/);
    const token = await sign({
      sub: "app_1",
      tenant_id: "ten_a",
      app_id: "app_1",
      scope: "kv.read",
    });
    const verdict = await client.validateToken(token);
    expect(verdict.valid).toBe(true);
    expect(verdict.claims).toMatchObject({
      tenantId: "ten_a",
      appId: "app_1",
      scopes: ["kv.read"],
    });
  });

  it("rejects a misused address at construction", () => {
    expect(() => new SidecarClient({ baseUrl: "not a url" })).toThrow(TypeError);
  });
});
