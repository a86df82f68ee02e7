// The sidecar served in-process (sidecar/in-process/serve.ts), which the gateway tests that are
// not about the wire use instead of HTTP/2: it must refuse what the HTTP/2 server refuses —
// a missing platform credential, a tenant-scoped call without the caller's token, a request
// that breaks the proto's rules — on the Connect transport and on the hot path alike.
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthService } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { SecretsService } from "../../../gen/proto/coresdk/v1/secrets_pb.js";
import { StaticJwksSource } from "../../../sidecar/auth/jwks-source.js";
import { type InProcessSidecar, serveInProcess } from "../../../sidecar/in-process/serve.js";
import { TEST_CALLER_CREDENTIAL, testSidecarConfig } from "../../helpers/sidecar.js";
import { createSigner, TEST_AUDIENCE, TEST_ISSUER, type TestSigner } from "../../helpers/tokens.js";

/** The Connect code and cPod error code a call failed with. */
async function refusal(call: Promise<unknown>): Promise<[Code, string | null]> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
  if (!error) throw new Error("the call succeeded");
  return [error.code, error.metadata.get("cpod-error-code")];
}

describe("the sidecar served in-process enforces the HTTP/2 server's rules", () => {
  let signer: TestSigner;
  let served: InProcessSidecar;
  let stranger: InProcessSidecar;
  beforeAll(async () => {
    signer = await createSigner();
    const config = testSidecarConfig({
      CORESDK_JWT_ISSUER: TEST_ISSUER,
      CORESDK_JWT_AUDIENCE: TEST_AUDIENCE,
    });
    const overrides = { jwks: new StaticJwksSource({ keys: [signer.publicJwk] }) };
    const log = () => {};
    served = await serveInProcess(config, { overrides, credential: TEST_CALLER_CREDENTIAL, log });
    stranger = await serveInProcess(testSidecarConfig(), { credential: "not-the-credential" });
  }, 60_000);
  afterAll(async () => {
    await served?.close();
    await stranger?.close();
  });

  const token = () =>
    signer.sign({ sub: "app_1", tenant_id: "ten_a", app_id: "app_1", scope: "secrets.read" });

  it("answers a caller that presents the platform credential", async () => {
    const auth = createClient(AuthService, served.transport);
    const verdict = await auth.validateToken({ token: await token() });
    expect(verdict.valid).toBe(true);
    expect(verdict.claims?.tenantId).toBe("ten_a");
  });

  it("refuses a wrong platform credential on the transport and on the hot path", async () => {
    const auth = createClient(AuthService, stranger.transport);
    expect(await refusal(auth.validateToken({ token: "a.b.c" }))).toEqual([
      Code.Unauthenticated,
      "unauthenticated",
    ]);
    const admit = stranger.hotPath.admit({
      token: "a.b.c",
      action: "kv.read",
      resourceType: "kv",
      routeClass: "get_kv_value",
    });
    expect(await refusal(admit)).toEqual([Code.Unauthenticated, "unauthenticated"]);
  });

  it("refuses a tenant-scoped call without the caller's access token", async () => {
    const secrets = createClient(SecretsService, served.transport);
    const caller = { tenantId: "ten_a", appId: "app_1", scopes: ["secrets.read"] };
    expect(await refusal(secrets.getSecret({ caller, name: "db-password" }))).toEqual([
      Code.Unauthenticated,
      "unauthenticated",
    ]);
  });

  it("refuses a request that breaks the proto's rules, on both paths", async () => {
    const auth = createClient(AuthService, served.transport);
    expect(await refusal(auth.validateToken({ token: "" }))).toEqual([
      Code.InvalidArgument,
      "validation_failed",
    ]);
    expect(await refusal(served.hotPath.admit({ token: "" }))).toEqual([
      Code.InvalidArgument,
      "validation_failed",
    ]);
  });
});
