import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdmitVerdict } from "../../gen/proto/coresdk/v1/admission_pb.js";
import { leanHotPath } from "../../server/gateway/sidecar/lean-hot-path.js";
import { SidecarClient } from "../../server/gateway/sidecar/sidecar-client.js";
import { formatAddress, type RunningSidecar, startSidecar } from "../../sidecar/start.js";
import { TEST_CALLER_CREDENTIAL, testSidecarConfig } from "../helpers/sidecar.js";
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
    const baseUrl = `http://${formatAddress(running.address)}`;
    const credential = TEST_CALLER_CREDENTIAL;
    client = SidecarClient.connect(baseUrl, {
      hotPath: leanHotPath(baseUrl, credential),
      credential,
    });
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

  it("admits over the lean gRPC client to http://[::1]:<port>: one call, every step", async () => {
    const token = await sign({
      sub: "app_1",
      tenant_id: "ten_a",
      app_id: "app_1",
      scope: "kv.read",
    });
    const verdict = await client.admit({
      token,
      action: "kv.read",
      resourceType: "kv",
      resourceId: "k1",
      routeClass: "get_kv_value",
    });
    // The token is good; this sidecar knows no tenants, so policy denies — both steps ran.
    expect(verdict.verdict).toBe(AdmitVerdict.DENIED);
    expect(verdict.claims?.tenantId).toBe("ten_a");
    expect(verdict.reasons).toContain("unknown_tenant");
    expect(verdict.timings?.validateUs).toBeGreaterThan(0);
  });

  it("rejects a misused address at construction", () => {
    const hotPath = leanHotPath("http://[::1]:1");
    expect(() => SidecarClient.connect("not a url", { hotPath })).toThrow(TypeError);
    hotPath.close();
  });
});
