import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSidecar, startSidecar } from "../../../sidecar/start.js";
import { bufCurl } from "../../helpers/buf-curl.js";
import { testSidecarConfig } from "../../helpers/sidecar.js";
import {
  createSigner,
  serveJwks,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TestSigner,
} from "../../helpers/tokens.js";

/** `buf curl` to one AuthService method of the sidecar on 127.0.0.1. */
const bufCurlAuth = (port: number, method: string, body: unknown) =>
  bufCurl(`http://127.0.0.1:${port}/coresdk.v1.AuthService/${method}`, body);

describe("buf curl (gRPC) → ValidateToken and Authorize on a running sidecar", () => {
  let signer: TestSigner;
  let jwks: Awaited<ReturnType<typeof serveJwks>>;
  let running: RunningSidecar;
  beforeAll(async () => {
    signer = await createSigner();
    jwks = await serveJwks([signer.publicJwk]);
    const config = testSidecarConfig({
      CORESDK_JWKS_URL: jwks.url,
      CORESDK_JWT_ISSUER: TEST_ISSUER,
      CORESDK_JWT_AUDIENCE: TEST_AUDIENCE,
    });
    const tenantsFile = join(config.stores.dataDir, "tenants.json");
    writeFileSync(tenantsFile, JSON.stringify([{ id: "acme", status: "active", plan: "free" }]));
    config.tenants.file = tenantsFile;
    running = await startSidecar(config);
  });
  afterAll(async () => {
    await running?.close(100);
    await jwks?.close();
  });

  it("validates a token and authorizes with its claims", async () => {
    const token = await signer.sign({
      sub: "app_1",
      tenant_id: "acme",
      app_id: "app_1",
      scope: "entities.read kv.read",
    });
    const validated = await bufCurlAuth(running.address.port, "ValidateToken", { token });
    expect(validated).toMatchObject({ valid: true, claims: { tenantId: "acme", appId: "app_1" } });
    const claims = validated.claims as { scopes: string[] };
    const decision = await bufCurlAuth(running.address.port, "Authorize", {
      subject: { tenantId: "acme", appId: "app_1", scopes: claims.scopes },
      action: "entities.read",
      resource: { type: "entity", id: "per_1", tenantId: "acme" },
    });
    expect(decision).toMatchObject({ allow: true });
    const denied = await bufCurlAuth(running.address.port, "Authorize", {
      subject: { tenantId: "acme", appId: "app_1", scopes: claims.scopes },
      action: "secrets.read",
      resource: { type: "secret", id: "db", tenantId: "acme" },
    });
    expect(denied).toMatchObject({ reasons: ["missing_scope"] });
  });

  it("reports an invalid token with a reason code, not an exception", async () => {
    const validated = await bufCurlAuth(running.address.port, "ValidateToken", {
      token: "not.a.jwt",
    });
    expect(validated.valid).toBeUndefined();
    expect(validated.reason).toBe("TOKEN_REJECT_REASON_MALFORMED");
  });
});
