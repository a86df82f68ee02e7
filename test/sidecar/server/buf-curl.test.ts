import { execFile as execFileCb } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSidecar, startSidecar } from "../../../sidecar/start.js";
import { testSidecarConfig } from "../../helpers/sidecar.js";
import {
  createSigner,
  serveJwks,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TestSigner,
} from "../../helpers/tokens.js";

const execFile = promisify(execFileCb);
const ROOT = new URL("../../..", import.meta.url).pathname;

/** A stock gRPC client (`buf curl` with the proto files, gRPC protocol) against a running sidecar. */
async function bufCurl(
  port: number,
  method: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const { stdout } = await execFile(
    "npx",
    [
      "--no-install",
      "buf",
      "curl",
      "--schema",
      ".",
      "--protocol",
      "grpc",
      "--http2-prior-knowledge",
      "--data",
      JSON.stringify(body),
      `http://127.0.0.1:${port}/coresdk.v1.AuthService/${method}`,
    ],
    { cwd: ROOT },
  );
  return JSON.parse(stdout) as Record<string, unknown>;
}

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
    const validated = await bufCurl(running.address.port, "ValidateToken", { token });
    expect(validated).toMatchObject({ valid: true, claims: { tenantId: "acme", appId: "app_1" } });
    const claims = validated.claims as { scopes: string[] };
    const decision = await bufCurl(running.address.port, "Authorize", {
      subject: { tenantId: "acme", appId: "app_1", scopes: claims.scopes },
      action: "entities.read",
      resource: { type: "entity", id: "per_1", tenantId: "acme" },
    });
    expect(decision).toMatchObject({ allow: true });
    const denied = await bufCurl(running.address.port, "Authorize", {
      subject: { tenantId: "acme", appId: "app_1", scopes: claims.scopes },
      action: "secrets.read",
      resource: { type: "secret", id: "db", tenantId: "acme" },
    });
    expect(denied).toMatchObject({ reasons: ["missing_scope"] });
  });

  it("reports an invalid token with a reason code, not an exception", async () => {
    const validated = await bufCurl(running.address.port, "ValidateToken", { token: "not.a.jwt" });
    expect(validated.valid).toBeUndefined();
    expect(validated.reason).toBe("TOKEN_REJECT_REASON_MALFORMED");
  });
});
