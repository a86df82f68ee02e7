// Through cpod-backend: /v1/oauth/* and /.well-known/* reach a real control plane on a loopback
// port with the same paths, bodies, statuses and headers; admin routes still need the admin
// token (checked by the control plane); an app needs only the gateway's address.
import type { FastifyInstance } from "fastify";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "../../lib/sql/index.js";
import { buildTestGateway } from "../helpers/gateway-ports.js";
import { openFreshDatabase } from "../helpers/sql-database.js";
import {
  ADMIN,
  basic,
  claimsOf,
  FORM,
  freePort,
  listen,
  RecordingSidecar,
  testControlPlane,
} from "./helpers.js";

describe("gateway → control plane forwarding", () => {
  let sql: SqlClient;
  let cp: FastifyInstance;
  let gw: FastifyInstance;
  let gatewayUrl: string;

  beforeAll(async () => {
    sql = await openFreshDatabase({ schema: "control_plane" });
    const gatewayPort = await freePort();
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    cp = await testControlPlane(sql, {
      sidecar: new RecordingSidecar(),
      config: {
        issuer: gatewayUrl,
        failureLimits: { perAddress: 3, perClient: 1000, windowMs: 60_000 },
      },
    });
    const cpUrl = await listen(cp);
    gw = await buildTestGateway({ controlPlaneUrl: cpUrl });
    await listen(gw, gatewayPort);
  }, 120_000);
  afterAll(async () => {
    await gw?.close();
    await cp?.close();
    await sql?.close();
  });

  /** The gateway has no tenant routes: tenants are made on the control plane directly. */
  async function newApp(app_type: "service" | "web" = "service") {
    const tenant = (
      await cp.inject({
        method: "POST",
        url: "/v1/tenants",
        headers: ADMIN,
        payload: { name: "gw" },
      })
    ).json();
    const res = await gw.inject({
      method: "POST",
      url: "/v1/oauth/apps",
      headers: ADMIN,
      payload: {
        tenant_id: tenant.id,
        name: "via gateway",
        declared_scopes: ["kv.read"],
        app_type,
      },
    });
    return res;
  }

  it("does not serve tenant routes (they are control-plane only)", async () => {
    const res = await gw.inject({
      method: "POST",
      url: "/v1/tenants",
      headers: ADMIN,
      payload: { name: "x" },
    });
    expect(res.statusCode).toBe(404);
  });

  it("manages apps through the gateway with the admin token (201, Location, no-store)", async () => {
    const created = await newApp();
    expect(created.statusCode).toBe(201);
    expect(created.headers["cache-control"]).toBe("no-store");
    const app = created.json();
    expect(created.headers.location).toBe(`/v1/oauth/apps/${app.client_id}`);
    expect(app.client_secret).toMatch(/^cs_/);
    const got = await gw.inject({ url: `/v1/oauth/apps/${app.client_id}`, headers: ADMIN });
    expect(got.json()).toEqual({ ...app, client_secret: undefined });
    const listed = await gw.inject({
      url: `/v1/oauth/apps?tenant_id=${app.tenant_id}&limit=5`,
      headers: ADMIN,
    });
    expect(listed.json().items).toHaveLength(1);
    const rotated = await gw.inject({
      method: "POST",
      url: `/v1/oauth/apps/${app.client_id}/rotate-secret`,
      headers: ADMIN,
    });
    expect(rotated.json().client_secret).not.toBe(app.client_secret);
    const deleted = await gw.inject({
      method: "DELETE",
      url: `/v1/oauth/apps/${app.client_id}`,
      headers: ADMIN,
    });
    expect([deleted.statusCode, deleted.body]).toEqual([204, ""]);
  });

  it("keeps the admin token requirement and the Problem shape", async () => {
    const res = await gw.inject({
      url: "/v1/oauth/apps",
      headers: { "x-request-id": "gw-request-0001" },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.headers["www-authenticate"]).toContain("Bearer");
    expect(res.json()).toMatchObject({ code: "unauthenticated", request_id: "gw-request-0001" });
    expect(res.headers["x-request-id"]).toBe("gw-request-0001");
    const bad = await gw.inject({
      method: "POST",
      url: "/v1/oauth/apps",
      headers: ADMIN,
      payload: { nope: 1 },
    });
    expect([bad.statusCode, bad.json().code]).toEqual([400, "validation_failed"]);
  });

  it("issues tokens with form bodies (Basic and post) and passes OAuth errors through", async () => {
    const app = (await newApp()).json();
    const ok = await gw.inject({
      method: "POST",
      url: "/v1/oauth/token",
      headers: { ...FORM, authorization: basic(app.client_id, app.client_secret) },
      payload: "grant_type=client_credentials&scope=kv.read",
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers["cache-control"]).toBe("no-store");
    expect(claimsOf(ok.json().access_token)).toMatchObject({
      iss: gatewayUrl,
      app_id: app.client_id,
    });
    const post = await gw.inject({
      method: "POST",
      url: "/v1/oauth/token",
      headers: FORM,
      payload: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: app.client_id,
        client_secret: app.client_secret,
      }).toString(),
    });
    expect(post.statusCode).toBe(200);
    const wrong = await gw.inject({
      method: "POST",
      url: "/v1/oauth/token",
      headers: { ...FORM, authorization: basic(app.client_id, `cs_${"B".repeat(43)}`) },
      payload: "grant_type=client_credentials",
      remoteAddress: "198.51.100.1",
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers["www-authenticate"]).toMatch(/^Basic realm="cpod"/);
    expect(wrong.json().error).toBe("invalid_client");
    const malformed = await gw.inject({
      method: "POST",
      url: "/v1/oauth/token",
      headers: FORM,
      payload: "scope=kv.read",
    });
    expect([malformed.statusCode, malformed.json().error]).toEqual([400, "invalid_request"]);
    const unsupported = await gw.inject({
      method: "POST",
      url: "/v1/oauth/token",
      headers: FORM,
      payload: "grant_type=password",
    });
    expect(unsupported.json().error).toBe("unsupported_grant_type");
  });

  it("limits failures per original client address (X-Forwarded-For from the gateway)", async () => {
    const app = (await newApp()).json();
    const attempt = (secret: string, remoteAddress: string) =>
      gw.inject({
        method: "POST",
        url: "/v1/oauth/token",
        headers: { ...FORM, authorization: basic(app.client_id, secret) },
        payload: "grant_type=client_credentials",
        remoteAddress,
      });
    const wrong = `cs_${"C".repeat(43)}`;
    for (let i = 0; i < 3; i++) expect((await attempt(wrong, "203.0.113.7")).statusCode).toBe(401);
    const limited = await attempt(wrong, "203.0.113.7");
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe("rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect((await attempt(app.client_secret, "203.0.113.7")).statusCode).toBe(429);
    expect((await attempt(app.client_secret, "203.0.113.8")).statusCode).toBe(200);
  });

  it("lets openid-client discover, get, introspect and revoke tokens with only the gateway's URL", async () => {
    const app = (await newApp()).json();
    const config = await oidc.discovery(
      new URL(gatewayUrl),
      app.client_id,
      undefined,
      oidc.ClientSecretBasic(app.client_secret),
      { execute: [oidc.allowInsecureRequests] },
    );
    expect(config.serverMetadata().issuer).toBe(gatewayUrl);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: "kv.read" });
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(true);
    await oidc.tokenRevocation(config, tokens.access_token);
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    const jwks = (await (await fetch(`${gatewayUrl}/.well-known/jwks.json`)).json()) as {
      keys: unknown[];
    };
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
  });

  it("answers 503 when the control plane is unreachable", async () => {
    const lonely = await buildTestGateway({
      controlPlaneUrl: `http://127.0.0.1:${await freePort()}`,
    });
    const res = await lonely.inject({ url: "/.well-known/jwks.json" });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe("unavailable");
    await lonely.close();
  });
});
