// End to end with a real sidecar: a real OAuth client library (openid-client: discovery from
// /.well-known/openid-configuration, client credentials) obtains a token that the sidecar's
// ValidateToken accepts; revocation reaches the sidecar's deny-list; admin actions land in the
// tenant's audit chain, also when the sidecar was down when they happened.
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import type { FastifyInstance } from "fastify";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENESIS_HASH, recordHash } from "../../bin/admin/audit/verify-export.js";
import { AuditService } from "../../gen/proto/coresdk/v1/audit_pb.js";
import { AuthService, TokenRejectReason } from "../../gen/proto/coresdk/v1/auth_pb.js";
import type { SqlClient } from "../../lib/sql/index.js";
import { ConnectSidecarClient } from "../../server/control-plane/sidecar/adapters/connect-sidecar-client.js";
import { RemoteJwksSource } from "../../sidecar/auth/jwks-source.js";
import { type RunningSidecar, startSidecar } from "../../sidecar/start.js";
import {
  inProcessClient,
  TEST_CALLER_CREDENTIAL,
  TEST_CALLER_CREDENTIAL_SOURCE,
  testSidecarConfig,
  withCallerCredential,
} from "../helpers/sidecar.js";
import { openFreshDatabase } from "../helpers/sql-database.js";
import { createSigner } from "../helpers/tokens.js";
import { ADMIN, createApp, freePort, listen, testControlPlane, testDatabases } from "./helpers.js";

const AUDIENCE = "cpod-api";

/**
 * AuthService over gRPC with the platform caller credential, as the gateway calls it; the audit
 * chain read in-process (any tenant's, which over the wire needs that tenant's own token).
 */
function sidecarClients(sidecar: RunningSidecar) {
  const transport = createGrpcTransport({
    baseUrl: `http://127.0.0.1:${sidecar.address.port}`,
    interceptors: [withCallerCredential],
  });
  return {
    auth: createClient(AuthService, transport),
    audit: inProcessClient(sidecar.sidecar, AuditService),
  };
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(testDatabases())("control plane + real sidecar on $name", (db) => {
  let sql: SqlClient;
  let sidecar: RunningSidecar;
  let cp: FastifyInstance;
  let issuer: string;

  beforeAll(async () => {
    sql = await db.open();
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    const jwksUrl = `${issuer}/.well-known/jwks.json`;
    sidecar = await startSidecar(
      testSidecarConfig({
        CORESDK_JWKS_URL: jwksUrl,
        CORESDK_JWT_ISSUER: issuer,
        CORESDK_JWT_AUDIENCE: AUDIENCE,
      }),
      {
        log: () => undefined,
        // The production key source with its production cooldown: a rotation must not need a
        // refetch (the new signing key was published as the next key before).
        overrides: { jwks: new RemoteJwksSource({ url: jwksUrl }) },
      },
    );
    cp = await testControlPlane(sql, {
      sidecar: undefined,
      config: {
        issuer,
        audience: AUDIENCE,
        sidecarUrl: `http://127.0.0.1:${sidecar.address.port}`,
        sidecarCredential: TEST_CALLER_CREDENTIAL_SOURCE,
      },
    });
    await listen(cp, port);
  }, 180_000);
  afterAll(async () => {
    await cp?.close();
    await sidecar?.close(1000);
    await sql?.close();
    await db.cleanup();
  });

  const discover = (app: { client_id: string; client_secret: string }, auth: "basic" | "post") =>
    oidc.discovery(
      new URL(issuer),
      app.client_id,
      undefined,
      auth === "basic"
        ? oidc.ClientSecretBasic(app.client_secret)
        : oidc.ClientSecretPost(app.client_secret),
      { execute: [oidc.allowInsecureRequests] },
    );

  it.each(["basic", "post"] as const)(
    "openid-client (client_secret_%s) gets a token the sidecar's ValidateToken accepts",
    async (auth) => {
      const app = await createApp(cp, { declared_scopes: ["kv.read", "files.read"] });
      const config = await discover(app, auth);
      expect(config.serverMetadata().token_endpoint).toBe(`${issuer}/v1/oauth/token`);
      const tokens = await oidc.clientCredentialsGrant(config, { scope: "kv.read" });
      expect(tokens.token_type).toBe("bearer");
      expect(tokens.expiresIn()).toBeGreaterThan(3000);
      const verdict = await sidecarClients(sidecar).auth.validateToken({
        token: tokens.access_token,
      });
      expect(verdict.valid).toBe(true);
      expect(verdict.claims).toMatchObject({
        tenantId: app.tenant_id,
        appId: app.client_id,
        sub: app.client_id,
        scopes: ["kv.read"],
        iss: issuer,
        aud: AUDIENCE,
      });
    },
  );

  it("revocation (openid-client) puts the jti on the sidecar's deny-list", async () => {
    const app = await createApp(cp);
    const config = await discover(app, "basic");
    const { access_token } = await oidc.clientCredentialsGrant(config);
    const { auth } = sidecarClients(sidecar);
    expect((await auth.validateToken({ token: access_token })).valid).toBe(true);
    await oidc.tokenRevocation(config, access_token);
    const verdict = await auth.validateToken({ token: access_token });
    expect(verdict).toMatchObject({ valid: false, reason: TokenRejectReason.REVOKED });
    expect((await oidc.tokenIntrospection(config, access_token)).active).toBe(false);
  });

  it("deleting an app: the sidecar refuses its client_credentials token once DELETE answers", async () => {
    const app = await createApp(cp);
    const peer = await createApp(cp, { tenant_id: app.tenant_id });
    const { access_token } = await oidc.clientCredentialsGrant(await discover(app, "basic"));
    const { auth } = sidecarClients(sidecar);
    expect((await auth.validateToken({ token: access_token })).valid).toBe(true);
    const res = await cp.inject({
      method: "DELETE",
      url: `/v1/oauth/apps/${app.client_id}`,
      headers: ADMIN,
    });
    expect(res.statusCode).toBe(204);
    // No polling: the 204 waited for the sidecar's deny-list (the outbox delivery wait).
    expect(await auth.validateToken({ token: access_token })).toMatchObject({
      valid: false,
      reason: TokenRejectReason.REVOKED,
    });
    const peerConfig = await discover(peer, "basic");
    expect((await oidc.tokenIntrospection(peerConfig, access_token)).active).toBe(false);
    // Only the deleted app's tokens: another app of the tenant keeps working.
    const other = await oidc.clientCredentialsGrant(peerConfig);
    expect((await auth.validateToken({ token: other.access_token })).valid).toBe(true);
  });

  it("rotating a secret leaves access tokens already issued valid at the sidecar", async () => {
    const app = await createApp(cp);
    const { access_token } = await oidc.clientCredentialsGrant(await discover(app, "basic"));
    const res = await cp.inject({
      method: "POST",
      url: `/v1/oauth/apps/${app.client_id}/rotate-secret`,
      headers: ADMIN,
    });
    expect(res.statusCode).toBe(200);
    const { auth } = sidecarClients(sidecar);
    expect((await auth.validateToken({ token: access_token })).valid).toBe(true);
  });

  it("a token signed by a freshly rotated key validates at once, within the sidecar's refetch cooldown", async () => {
    const app = await createApp(cp);
    const config = await discover(app, "post");
    const before = (await oidc.clientCredentialsGrant(config)).access_token;
    const { auth } = sidecarClients(sidecar);
    // A made-up kid makes the sidecar refetch unless it did within its cooldown: either way it
    // may not refetch again for the rotated-in key.
    const stranger = await (await createSigner("k_made_up")).sign({ sub: "nobody" });
    expect((await auth.validateToken({ token: stranger })).reason).toBe(
      TokenRejectReason.UNKNOWN_KID,
    );
    expect(
      (await cp.inject({ method: "POST", url: "/v1/keys/rotate", headers: ADMIN })).statusCode,
    ).toBe(200);
    const after = (await oidc.clientCredentialsGrant(config)).access_token;
    expect((await auth.validateToken({ token: after })).valid).toBe(true);
    expect((await auth.validateToken({ token: before })).valid).toBe(true);
  }, 30_000);

  it("audits every admin change into the tenant's chain, in order, as the admin", async () => {
    const app = await createApp(cp);
    const url = `/v1/oauth/apps/${app.client_id}`;
    await cp.inject({ method: "POST", url: `${url}/rotate-secret`, headers: ADMIN });
    await cp.inject({ method: "DELETE", url, headers: ADMIN });
    await cp.inject({
      method: "POST",
      url: `/v1/tenants/${app.tenant_id}/suspend`,
      headers: ADMIN,
    });
    const { audit } = sidecarClients(sidecar);
    const records = await until(async () => {
      const { records } = await audit.query({ tenantId: app.tenant_id, limit: 50 });
      return records.length >= 5 ? records : undefined;
    });
    expect(records.map((r) => r.action)).toEqual([
      "tenants.create",
      "apps.create",
      "apps.rotate_secret",
      "apps.delete",
      "tenants.suspend",
    ]);
    expect(records[1]).toMatchObject({
      actor: { type: "admin", id: "admin" },
      outcome: "success",
      status: 201,
    });
    expect(
      JSON.stringify(records, (_, v) => (typeof v === "bigint" ? Number(v) : v)),
    ).not.toContain("cs_");
    expect((await audit.verify({ tenantId: app.tenant_id })).valid).toBe(true);
  });
  it("exports a (suspended) tenant's chain page by page, each record hashing to its record_hash", async () => {
    const app = await createApp(cp);
    const tenant = `/v1/tenants/${app.tenant_id}`;
    await cp.inject({ method: "POST", url: `${tenant}/suspend`, headers: ADMIN });
    const exportUrl = `${tenant}/audit/records`;
    const records = await until(async () => {
      const all: Array<Record<string, unknown>> = [];
      let cursor: string | null = null;
      do {
        const query = `?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
        const res = await cp.inject({ method: "GET", url: `${exportUrl}${query}`, headers: ADMIN });
        expect(res.statusCode).toBe(200);
        expect(res.headers["cache-control"]).toBe("no-store");
        const page = res.json() as {
          items: Array<Record<string, unknown>>;
          next_cursor: string | null;
        };
        expect(page.items.length).toBeLessThanOrEqual(2);
        all.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      return all.length >= 3 ? all : undefined;
    });
    expect(records.map((r) => r.action)).toEqual([
      "tenants.create",
      "apps.create",
      "tenants.suspend",
    ]);
    let previous = GENESIS_HASH;
    for (const [i, r] of records.entries()) {
      expect(r).toMatchObject({ sequence_id: i + 1, previous_hash: previous });
      expect(recordHash(r)).toBe(r.record_hash);
      previous = r.record_hash as string;
    }

    const bad = await cp.inject({
      method: "GET",
      url: `${exportUrl}?cursor=bm9wZQ`,
      headers: ADMIN,
    });
    expect([bad.statusCode, bad.json().code]).toEqual([400, "invalid_cursor"]);
    const unknown = "/v1/tenants/ten_00000000000000000000000000/audit/records";
    const missing = await cp.inject({ method: "GET", url: unknown, headers: ADMIN });
    expect([missing.statusCode, missing.json().code]).toEqual([404, "not_found"]);
    const anonymous = await cp.inject({ method: "GET", url: exportUrl });
    expect(anonymous.statusCode).toBe(401);
  });

  it("a record that breaks Emit's rules is repaired and flagged, not refused forever", async () => {
    // The outbox retries a refused Emit for ever; the adapter repairs first (lib/audit-repair.ts).
    const client = new ConnectSidecarClient(
      `http://127.0.0.1:${sidecar.address.port}`,
      3_000,
      TEST_CALLER_CREDENTIAL,
    );
    const tenantId = `ten_${"0".repeat(10)}${Date.now().toString(36).toUpperCase().padStart(16, "0")}`;
    try {
      await client.deliver({
        id: `msg-${Date.now()}`,
        kind: "audit",
        tenantId,
        createdAt: new Date(),
        payload: {
          timestamp: new Date().toISOString(),
          actor: { type: "admin", id: "admin" },
          action: "apps.update",
          resource: { type: "app", id: `nul\u0000${"x".repeat(1100)}` },
          outcome: "success",
          status: 200,
          request_id: "req-1",
          metadata: {},
        },
      });
    } finally {
      await client.close();
    }
    const { audit } = sidecarClients(sidecar);
    const { records } = await audit.query({ tenantId, limit: 10 });
    expect(records).toHaveLength(1);
    expect(records[0]?.resource?.id).toMatch(/^nul\\u0000x+$/);
    expect(records[0]?.metadata?.repaired).toEqual(["resource.id"]);
    expect((await audit.verify({ tenantId })).valid).toBe(true);
  });
});

describe("audit delivery when the sidecar starts late", () => {
  it("queues audit records durably while the sidecar is down and delivers them when it is back", async () => {
    // Its own database: instances sharing one outbox also share its delivery (one sidecar).
    const sql = await openFreshDatabase({ schema: "control_plane" });
    const port = await freePort();
    const other = await testControlPlane(sql, {
      sidecar: undefined,
      config: {
        sidecarUrl: `http://127.0.0.1:${port}`,
        sidecarCredential: TEST_CALLER_CREDENTIAL_SOURCE,
      },
    });
    try {
      const created = await other.inject({
        method: "POST",
        url: "/v1/tenants",
        headers: ADMIN,
        payload: { name: "late" },
      });
      const tenantId = created.json().id;
      await new Promise((r) => setTimeout(r, 500));
      const late = await startSidecar(
        testSidecarConfig({ CORESDK_LISTEN_ADDR: `127.0.0.1:${port}` }),
        {
          log: () => undefined,
        },
      );
      try {
        const records = await until(async () => {
          const { records } = await sidecarClients(late).audit.query({ tenantId, limit: 10 });
          return records.length > 0 ? records : undefined;
        });
        expect(records.map((r) => r.action)).toEqual(["tenants.create"]);
      } finally {
        await late.close(1000);
      }
    } finally {
      await other.close();
      await sql.close();
    }
  }, 60_000);
});
