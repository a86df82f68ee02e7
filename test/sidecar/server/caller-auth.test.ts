import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdmissionService } from "../../../gen/proto/coresdk/v1/admission_pb.js";
import { AuditService } from "../../../gen/proto/coresdk/v1/audit_pb.js";
import { AuthService } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { PolicyService } from "../../../gen/proto/coresdk/v1/policy_pb.js";
import { RateLimitService } from "../../../gen/proto/coresdk/v1/rate_limit_pb.js";
import { SecretsService } from "../../../gen/proto/coresdk/v1/secrets_pb.js";
import { CALLER_CREDENTIAL_HEADER } from "../../../lib/caller-credential.js";
import { GrpcCallError } from "../../../lib/grpc/grpc-call-error.js";
import { LeanGrpcClient } from "../../../lib/grpc/unary-client.js";
import { type RunningSidecar, startSidecar } from "../../../sidecar/start.js";
import { MemoryTenantDirectory } from "../../../sidecar/tenants/adapters/memory-tenant-directory.js";
import {
  CALLER_HEADERS,
  inProcessClient,
  testSidecarConfig,
  withAccessToken,
  withCallerCredential,
} from "../../helpers/sidecar.js";
import { createSigner, serveJwks, TEST_AUDIENCE, TEST_ISSUER } from "../../helpers/tokens.js";

/**
 * The local attacker (issue #13 item 2): a process on the host that can reach [::1]:50051 but
 * holds neither the platform caller credential nor another tenant's token. Every test here got
 * what it asked for from the sidecar before callers were authenticated.
 */

const SECRET_VALUE = "tenant-a-database-password-9f8e7d";
const TENANT_A = "ten_a";
const TENANT_B = "ten_b";

const emit = (tenantId: string, requestId: string) => ({
  tenantId,
  actor: { type: "app", id: "app_evil" },
  action: "entities.delete",
  resource: { type: "entity.people", id: "per_1" },
  outcome: "success",
  status: 200,
  requestId,
});

/** The Connect error a call rejected with (fails the test if it resolved). */
async function refusal(call: Promise<unknown>): Promise<ConnectError> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: ConnectError.from(error) }),
  );
  if (!("error" in outcome)) throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

describe("the sidecar refuses callers it cannot authenticate", () => {
  let running: RunningSidecar;
  let jwks: Awaited<ReturnType<typeof serveJwks>>;
  let base: string;
  let tokenA: string;
  let tokenB: string;
  let tokenBNoAudit: string;

  /** A connect-node client of `service` over `protocol` with the given interceptors. */
  const client = <S extends Parameters<typeof createClient>[0]>(
    service: S,
    interceptors: Interceptor[] = [],
    protocol: "connect" | "grpc" = "connect",
  ) =>
    createClient(
      service,
      protocol === "connect"
        ? createConnectTransport({ baseUrl: base, httpVersion: "2", interceptors })
        : createGrpcTransport({ baseUrl: base, interceptors }),
    );

  beforeAll(async () => {
    const signer = await createSigner();
    jwks = await serveJwks([signer.publicJwk]);
    const config = testSidecarConfig({
      CORESDK_LISTEN_ADDR: "[::1]:0",
      CORESDK_JWKS_URL: jwks.url,
      CORESDK_JWT_ISSUER: TEST_ISSUER,
      CORESDK_JWT_AUDIENCE: TEST_AUDIENCE,
    });
    const tenants = new MemoryTenantDirectory([
      { id: TENANT_A, plan: "pro" },
      { id: TENANT_B, plan: "pro" },
    ]);
    running = await startSidecar(config, { overrides: { tenants }, log: () => undefined });
    base = `http://[::1]:${running.address.port}`;
    const scope = "secrets.read secrets.write audit.read";
    tokenA = await signer.sign({ sub: "app_a", tenant_id: TENANT_A, app_id: "app_a", scope });
    tokenB = await signer.sign({ sub: "app_b", tenant_id: TENANT_B, app_id: "app_b", scope });
    tokenBNoAudit = await signer.sign({
      sub: "app_b",
      tenant_id: TENANT_B,
      app_id: "app_b",
      scope: "secrets.read",
    });
    // Tenant A's app stores its secret the legitimate way: credential + its own token.
    await client(SecretsService, [withCallerCredential, withAccessToken(tokenA)]).putSecret({
      caller: { tenantId: TENANT_A, appId: "app_a", scopes: ["secrets.write"] },
      name: "db-password",
      value: SECRET_VALUE,
    });
  }, 180_000); // a fresh embedded PostgreSQL (initdb) is slow on a loaded 2-core box
  afterAll(async () => {
    await running?.close(100);
    await jwks?.close();
  });

  const forgedA = { tenantId: TENANT_A, appId: "anyone", scopes: ["secrets.read"] };

  it("a plain h2c Connect client declaring tenant A's caller gets unauthenticated, no plaintext", async () => {
    const error = await refusal(
      client(SecretsService).getSecret({ caller: forgedA, name: "db-password" }),
    );
    expect(error.code).toBe(Code.Unauthenticated);
    expect(error.metadata.get("cpod-error-code")).toBe("unauthenticated");
    expect(JSON.stringify(error)).not.toContain(SECRET_VALUE);
    expect(error.rawMessage).not.toContain(SECRET_VALUE);
  });

  it("a wrong credential is refused the same way as none", async () => {
    const wrong: Interceptor = (next) => (req) => {
      req.header.set(CALLER_CREDENTIAL_HEADER, "x".repeat(40));
      return next(req);
    };
    const error = await refusal(
      client(SecretsService, [wrong, withAccessToken(tokenA)]).getSecret({
        caller: forgedA,
        name: "db-password",
      }),
    );
    expect(error.code).toBe(Code.Unauthenticated);
  });

  it("with the credential but no access token, a declared caller is not believed", async () => {
    const error = await refusal(
      client(SecretsService, [withCallerCredential]).getSecret({
        caller: forgedA,
        name: "db-password",
      }),
    );
    expect(error.code).toBe(Code.Unauthenticated);
  });

  it("with the credential, a caller declaring tenant A but holding tenant B's token is refused", async () => {
    const error = await refusal(
      client(SecretsService, [withCallerCredential, withAccessToken(tokenB)]).getSecret({
        caller: forgedA,
        name: "db-password",
      }),
    );
    expect(error.code).toBe(Code.PermissionDenied);
    expect(error.rawMessage).not.toContain(SECRET_VALUE);
  });

  it("tenant B's token reads tenant B's namespace only: A's secret is not found, whatever is declared", async () => {
    const asB = client(SecretsService, [withCallerCredential, withAccessToken(tokenB)]);
    const error = await refusal(asB.getSecret({ name: "db-password" }));
    expect(error.code).toBe(Code.NotFound);
    const listed = await asB.listSecrets({});
    expect(listed.secrets).toEqual([]);
  });

  it("tenant A's own token with the credential gets the secret (over Connect and gRPC)", async () => {
    for (const protocol of ["connect", "grpc"] as const) {
      const asA = client(SecretsService, [withCallerCredential, withAccessToken(tokenA)], protocol);
      const found = await asA.getSecret({ name: "db-password" });
      expect(found.value).toBe(SECRET_VALUE);
    }
  });

  it("AuditService.Query/Verify: another tenant's chain is refused, and audit.read is required", async () => {
    const asB = client(AuditService, [withCallerCredential, withAccessToken(tokenB)]);
    expect((await refusal(asB.query({ tenantId: TENANT_A }))).code).toBe(Code.PermissionDenied);
    expect((await refusal(asB.verify({ tenantId: TENANT_A }))).code).toBe(Code.PermissionDenied);
    const noScope = client(AuditService, [withCallerCredential, withAccessToken(tokenBNoAudit)]);
    expect((await refusal(noScope.query({ tenantId: TENANT_B }))).code).toBe(Code.PermissionDenied);
    expect((await asB.verify({ tenantId: TENANT_B })).valid).toBe(true);
    const bare = client(AuditService);
    expect((await refusal(bare.query({ tenantId: TENANT_A }))).code).toBe(Code.Unauthenticated);
  });

  it("Emit and EmitBatch without the credential are refused and append nothing (Connect, gRPC)", async () => {
    const victim = "ten_victim";
    for (const protocol of ["connect", "grpc"] as const) {
      const audit = client(AuditService, [], protocol);
      const one = await refusal(audit.emit(emit(victim, `req_${protocol}_1`)));
      const batch = await refusal(
        audit.emitBatch({ records: [emit(victim, `req_${protocol}_2`)] }),
      );
      expect([one.code, batch.code]).toEqual([Code.Unauthenticated, Code.Unauthenticated]);
    }
    const chain = await inProcessClient(running.sidecar, AuditService).query({ tenantId: victim });
    expect(chain.records).toEqual([]);
  });

  it("RevokeToken, RateLimit.Reset and ReloadBundle without the credential are refused", async () => {
    const exp = BigInt(Math.floor(Date.now() / 1000) + 600);
    const revoke = client(AuthService).revokeToken({ jti: "victim-jti", exp, tenantId: TENANT_A });
    expect((await refusal(revoke)).code).toBe(Code.Unauthenticated);
    const revoked = await inProcessClient(running.sidecar, AuthService).isRevoked({
      jti: "victim-jti",
    });
    expect(revoked.revoked).toBe(false);
    const reset = client(RateLimitService).reset({ tenantId: TENANT_A });
    expect((await refusal(reset)).code).toBe(Code.Unauthenticated);
    const reload = client(PolicyService, [], "grpc").reloadBundle({});
    expect((await refusal(reload)).code).toBe(Code.Unauthenticated);
  });

  it("the lean gRPC path refuses every hot method without the credential (grpc-status 16)", async () => {
    const stranger = new LeanGrpcClient({ baseUrl: base });
    const victim = "ten_lean_victim";
    try {
      const calls = [
        stranger.call(AuditService.method.emitBatch, { records: [emit(victim, "req_lean_1")] }),
        stranger.call(AuditService.method.emit, emit(victim, "req_lean_2")),
        stranger.call(AdmissionService.method.admit, {
          token: tokenA,
          action: "secrets.read",
          resourceType: "secret",
          routeClass: "default",
        }),
        stranger.call(AuthService.method.validateToken, { token: tokenA }),
        stranger.call(RateLimitService.method.check, {
          tenantId: TENANT_A,
          appId: "app_a",
          routeClass: "default",
        }),
      ];
      for (const outcome of await Promise.allSettled(calls)) {
        expect(outcome.status).toBe("rejected");
        const error = (outcome as PromiseRejectedResult).reason as GrpcCallError;
        expect(error).toBeInstanceOf(GrpcCallError);
        expect(error.status).toBe(16);
        expect(error.metadata["cpod-error-code"]).toBe("unauthenticated");
      }
    } finally {
      await stranger.close();
    }
    const chain = await inProcessClient(running.sidecar, AuditService).query({ tenantId: victim });
    expect(chain.records).toEqual([]);
    const ops = `http://127.0.0.1:${running.opsAddress.port}`;
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toMatch(
      /coresdk_rpc_total\{method="coresdk\.v1\.AuditService\/EmitBatch",code="Unauthenticated"\} [1-9]/,
    );
  });

  it("the lean path serves a caller with the credential", async () => {
    const gateway = new LeanGrpcClient({ baseUrl: base, headers: CALLER_HEADERS });
    try {
      const verdict = await gateway.call(AuthService.method.validateToken, { token: tokenA });
      expect(verdict.claims?.tenantId).toBe(TENANT_A);
    } finally {
      await gateway.close();
    }
  });

  it("GetJwks stays public: the same keys as /.well-known/jwks.json", async () => {
    const { keys } = await client(AuthService).getJwks({});
    expect(keys.map((k) => k.kid)).toEqual(["test-key-1"]);
  });
});
