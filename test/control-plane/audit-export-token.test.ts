// The control plane's own audit-export token (review H3): it lives a minute, it still reads the
// tenant's chain at the sidecar (AuditService.Query), it is refused at every Admit — the
// gateway's only way in — and each export page leaves an `audit.export` record in `_platform`.
import { decodeJwt, exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdmissionService, AdmitVerdict } from "../../gen/proto/coresdk/v1/admission_pb.js";
import {
  AuditExport,
  CONTROL_PLANE_READER,
} from "../../server/control-plane/audit/audit-export.js";
import { PLATFORM_CHAIN } from "../../server/control-plane/audit/outbox-messages.js";
import type { KeyRing } from "../../server/control-plane/keys/key-ring.js";
import { AccessTokens } from "../../server/control-plane/oauth/access-tokens.js";
import { ConnectSidecarClient } from "../../server/control-plane/sidecar/adapters/connect-sidecar-client.js";
import type { OutboxMessage } from "../../server/control-plane/store/control-plane-store.js";
import type { TenantService } from "../../server/control-plane/tenants/tenant-service.js";
import { type RunningSidecar, startSidecar } from "../../sidecar/start.js";
import { inProcessClient, TEST_CALLER_CREDENTIAL, testSidecarConfig } from "../helpers/sidecar.js";
import { serveJwks, TEST_AUDIENCE, TEST_ISSUER } from "../helpers/tokens.js";
import { writeTenantsFile } from "../sidecar/ratelimit/sidecar-process.js";

const TENANT = "ten_01JZ0000000000000000000000";

describe("the control plane's audit-export token", () => {
  let sidecar: RunningSidecar;
  let jwks: Awaited<ReturnType<typeof serveJwks>>;
  let tenants: Awaited<ReturnType<typeof writeTenantsFile>>;
  let tokens: AccessTokens;
  const outbox: OutboxMessage[] = [];
  let captured: string | undefined;
  let exporter: AuditExport;
  // What the JWKS endpoint serves (read per request) and the key that signs now: a test rotates.
  const published: Record<string, unknown>[] = [];
  let signing: { kid: string; key: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"] };

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = "export-test";
    published.push({ ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" });
    jwks = await serveJwks(published as never);
    signing = { kid, key: privateKey };
    tenants = await writeTenantsFile([{ id: TENANT, plan: "free" }]);
    sidecar = await startSidecar(
      testSidecarConfig({
        CORESDK_TENANTS_FILE: tenants.file,
        CORESDK_JWKS_URL: jwks.url,
        CORESDK_JWT_ISSUER: TEST_ISSUER,
        CORESDK_JWT_AUDIENCE: TEST_AUDIENCE,
      }),
      { log: () => undefined },
    );
    const keys = { signingKey: async () => signing } as unknown as KeyRing;
    tokens = new AccessTokens({
      keys,
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      ttlSecs: 3600,
    });
    const real = new ConnectSidecarClient(
      `http://127.0.0.1:${sidecar.address.port}`,
      5_000,
      TEST_CALLER_CREDENTIAL,
    );
    exporter = new AuditExport({
      tenants: { get: async () => ({}) } as unknown as TenantService,
      tokens,
      store: { outbox: { add: async (m: OutboxMessage) => void outbox.push(m) } } as never,
      reader: {
        queryAudit: (request, token) => {
          captured = token;
          return real.queryAudit(request, token);
        },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await sidecar?.close(1000);
    await jwks?.close();
    await tenants?.remove();
  });

  it("reads the chain at the sidecar with a token that expires within 60 s", async () => {
    const before = Math.floor(Date.now() / 1000);
    const page = await exporter.page(TENANT, { limit: 50 }, { requestId: "req_export" });
    expect(page).toEqual({ records: [], nextCursor: undefined });
    const claims = decodeJwt(captured as string);
    expect(claims).toMatchObject({ app_id: CONTROL_PLANE_READER, tenant_id: TENANT });
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(60);
    expect(claims.exp as number).toBeLessThanOrEqual(before + 61);
  });

  it("is refused at Admit (the gateway's path), where an app's token of that tenant is not", async () => {
    const admission = inProcessClient(sidecar.sidecar, AdmissionService);
    const ask = (token: string) =>
      admission.admit({ token, action: "audit.read", resourceType: "audit_event", cost: 1 });
    const refused = await ask(captured as string);
    expect([refused.verdict, refused.reasons]).toEqual([AdmitVerdict.DENIED, ["reserved_app"]]);
    const app = await tokens.issue({ tenantId: TENANT, appId: "app_1", scopes: ["audit.read"] });
    expect((await ask(app.token)).verdict).not.toBe(AdmitVerdict.DENIED);
  });

  it("waits out the sidecar's JWKS cooldown once when it does not know the signing key yet", async () => {
    // The sidecar fetched the set moments ago (the reads above); a key published and put to
    // signing since — two rotations within its 5 s cooldown — is unknown to it until it refetches.
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    published.push({ ...(await exportJWK(publicKey)), kid: "rotated", alg: "RS256", use: "sig" });
    signing = { kid: "rotated", key: privateKey };
    const page = await exporter.page(TENANT, { limit: 50 }, { requestId: "req_rotated" });
    expect(page).toEqual({ records: [], nextCursor: undefined });
    expect(decodeJwt(captured as string)).toMatchObject({ app_id: CONTROL_PLANE_READER });
    outbox.splice(1); // this page's own audit.export record: the next test counts the first only
  }, 30_000);

  it("leaves an audit.export record by the admin in the platform chain", () => {
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      kind: "audit",
      tenantId: PLATFORM_CHAIN,
      payload: {
        action: "audit.export",
        actor: { type: "admin", id: "admin" },
        resource: { type: "audit_chain", id: TENANT },
        request_id: "req_export",
        metadata: { tenant_id: TENANT, records: 0, continued: false },
      },
    });
  });
});
