// The OAuth endpoints (RFC 6749 token, RFC 7662 introspection, RFC 7009 revocation, JWKS and
// RFC 8414 metadata) on both storage backends, through `inject`, with a recording sidecar.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SqlClient } from "../../lib/sql/index.js";
import { openFreshDatabase } from "../helpers/sql-database.js";
import {
  ADMIN,
  basic,
  claimsOf,
  createApp,
  FORM,
  headerOf,
  RecordingSidecar,
  testControlPlane,
  testDatabases,
} from "./helpers.js";

const TTL = 600;
const ISSUER = "https://api.example.test";

describe.each(testDatabases())("OAuth endpoints on $name", (db) => {
  let sql: SqlClient;
  let cp: FastifyInstance;
  const sidecar = new RecordingSidecar();
  let clock = new Date();

  const form = (url: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    cp.inject({
      method: "POST",
      url,
      headers: { ...FORM, ...headers },
      payload: new URLSearchParams(body).toString(),
    });
  const token = (
    app: { client_id: string; client_secret: string },
    body: Record<string, string> = {},
  ) =>
    form(
      "/v1/oauth/token",
      { grant_type: "client_credentials", ...body },
      { authorization: basic(app.client_id, app.client_secret) },
    );
  const introspect = (app: { client_id: string; client_secret: string }, value: string) =>
    form(
      "/v1/oauth/introspect",
      { token: value },
      { authorization: basic(app.client_id, app.client_secret) },
    );
  const revoke = (app: { client_id: string; client_secret: string }, value: string) =>
    form(
      "/v1/oauth/revoke",
      { token: value },
      { authorization: basic(app.client_id, app.client_secret) },
    );

  beforeAll(async () => {
    sql = await db.open();
    cp = await testControlPlane(sql, {
      sidecar,
      now: () => clock,
      config: {
        issuer: ISSUER,
        tokenTtlSecs: TTL,
        failureLimits: { perAddress: 1000, perClient: 1000, windowMs: 60_000 },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await cp?.close();
    await sql?.close();
    await db.cleanup();
  });

  describe("client_credentials", () => {
    it("issues an RS256 JWT with the claims of DESIGN.md §8 (client_secret_basic)", async () => {
      const app = await createApp(cp, { declared_scopes: ["kv.read", "kv.write", "files.read"] });
      const res = await token(app, { scope: "kv.write kv.read" });
      expect(res.statusCode).toBe(200);
      expect(res.headers["cache-control"]).toBe("no-store");
      const body = res.json();
      expect(body).toMatchObject({
        token_type: "Bearer",
        expires_in: TTL,
        scope: "kv.read kv.write",
      });
      expect(body.refresh_token).toBeUndefined();
      const header = headerOf(body.access_token);
      const jwks = (await cp.inject({ url: "/.well-known/jwks.json" })).json();
      expect(header).toMatchObject({ alg: "RS256", typ: "at+jwt", kid: jwks.keys[0].kid });
      const claims = claimsOf(body.access_token);
      expect(claims).toMatchObject({
        iss: ISSUER,
        aud: "cpod-api",
        sub: app.client_id,
        tenant_id: app.tenant_id,
        app_id: app.client_id,
        scope: "kv.read kv.write",
      });
      expect(claims.user_id).toBeUndefined();
      expect(typeof claims.jti).toBe("string");
      expect(claims.exp).toBe((claims.iat as number) + TTL);
    });

    it("accepts client_secret_post and grants every declared scope without `scope`", async () => {
      const app = await createApp(cp, { declared_scopes: ["audit.read", "kv.read"] });
      const res = await form("/v1/oauth/token", {
        grant_type: "client_credentials",
        client_id: app.client_id,
        client_secret: app.client_secret,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().scope).toBe("audit.read kv.read");
    });

    it.each([
      ["an undeclared scope", { scope: "secrets.write" }, 400, "invalid_scope"],
      ["a malformed scope list", { scope: "kv.read  kv.write" }, 400, "invalid_scope"],
      ["an unknown grant type", { grant_type: "password" }, 400, "unsupported_grant_type"],
      ["user_id for a service app", { user_id: "u1" }, 400, "unauthorized_client"],
    ])("refuses %s with the RFC 6749 §5.2 body", async (_, extra, status, error) => {
      const app = await createApp(cp);
      const res = await token(app, extra as Record<string, string>);
      expect(res.statusCode).toBe(status);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.json().error).toBe(error);
    });

    it.each([
      ["no credentials", {}, {}, false],
      ["a wrong secret", { authorization: basic("x", `cs_${"A".repeat(43)}`) }, {}, true],
      [
        "an unknown client",
        { authorization: basic("app_nobody", `cs_${"A".repeat(43)}`) },
        {},
        true,
      ],
      ["a Bearer header", { authorization: "Bearer abc" }, {}, true],
      ["a client_id without a secret", {}, { client_id: "app_x" }, false],
    ])(
      "answers 401 invalid_client for %s, challenging only an Authorization header",
      async (_, headers, fields, challenged) => {
        const res = await form(
          "/v1/oauth/token",
          { grant_type: "client_credentials", ...fields },
          headers,
        );
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({
          error: "invalid_client",
          error_description: "Client authentication failed.",
        });
        if (challenged) expect(res.headers["www-authenticate"]).toMatch(/^Basic realm="cpod"/);
        else expect(res.headers["www-authenticate"]).toBeUndefined();
      },
    );

    it("answers 401 invalid_client for a real client_id with a wrong secret, basic and post", async () => {
      const app = await createApp(cp);
      const wrong = `cs_${"B".repeat(43)}`; // well-formed, so Argon2 really compares it
      const viaBasic = await token({ client_id: app.client_id, client_secret: wrong });
      const viaPost = await form("/v1/oauth/token", {
        grant_type: "client_credentials",
        client_id: app.client_id,
        client_secret: wrong,
      });
      for (const res of [viaBasic, viaPost]) {
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({
          error: "invalid_client",
          error_description: "Client authentication failed.",
        });
        expect(res.headers["cache-control"]).toBe("no-store");
        expect(res.json().access_token).toBeUndefined();
      }
      expect(viaBasic.headers["www-authenticate"]).toMatch(/^Basic realm="cpod"/);
      // No login dialog for a browser that sent the secret in the form (Swagger UI's Try it out).
      expect(viaPost.headers["www-authenticate"]).toBeUndefined();
      // The secret one character off is wrong too; the real one still works.
      const last = app.client_secret.at(-1) === "A" ? "B" : "A";
      const offByOne = `${app.client_secret.slice(0, -1)}${last}`;
      expect((await token({ ...app, client_secret: offByOne })).statusCode).toBe(401);
      expect((await token(app)).statusCode).toBe(200);
    });

    it("answers invalid_request for a repeated parameter (RFC 6749 §3.2)", async () => {
      const app = await createApp(cp);
      const res = await cp.inject({
        method: "POST",
        url: "/v1/oauth/token",
        headers: { ...FORM, authorization: basic(app.client_id, app.client_secret) },
        payload: "grant_type=client_credentials&scope=kv.read&scope=kv.write",
      });
      expect([res.statusCode, res.json().error]).toEqual([400, "invalid_request"]);
    });

    it("answers invalid_request for two auth methods, JSON bodies and missing grant_type", async () => {
      const app = await createApp(cp);
      const both = await form(
        "/v1/oauth/token",
        { grant_type: "client_credentials", client_secret: app.client_secret },
        { authorization: basic(app.client_id, app.client_secret) },
      );
      expect(both.json().error).toBe("invalid_request");
      const json = await cp.inject({
        method: "POST",
        url: "/v1/oauth/token",
        headers: { authorization: basic(app.client_id, app.client_secret) },
        payload: { grant_type: "client_credentials" },
      });
      expect([json.statusCode, json.json().error]).toEqual([400, "invalid_request"]);
      const missing = await form("/v1/oauth/token", { scope: "kv.read" });
      expect([missing.statusCode, missing.json().error]).toEqual([400, "invalid_request"]);
    });

    it("stops deleted apps, suspended tenants and rotated-out secrets", async () => {
      const deleted = await createApp(cp);
      expect((await token(deleted)).statusCode).toBe(200);
      await cp.inject({
        method: "DELETE",
        url: `/v1/oauth/apps/${deleted.client_id}`,
        headers: ADMIN,
      });
      expect((await token(deleted)).json().error).toBe("invalid_client");

      const suspended = await createApp(cp);
      await cp.inject({
        method: "POST",
        url: `/v1/tenants/${suspended.tenant_id}/suspend`,
        headers: ADMIN,
      });
      expect((await token(suspended)).json().error).toBe("invalid_client");

      const rotated = await createApp(cp);
      const fresh = (
        await cp.inject({
          method: "POST",
          url: `/v1/oauth/apps/${rotated.client_id}/rotate-secret`,
          headers: ADMIN,
        })
      ).json();
      expect((await token(rotated)).statusCode).toBe(401);
      expect((await token({ ...rotated, client_secret: fresh.client_secret })).statusCode).toBe(
        200,
      );
    });
  });

  describe("user-delegated tokens and refresh rotation", () => {
    it("issues user tokens with a refresh token that rotates; reuse revokes the family", async () => {
      const app = await createApp(cp, {
        app_type: "web",
        declared_scopes: ["kv.read", "kv.write"],
      });
      const first = (await token(app, { user_id: "u_42", scope: "kv.read" })).json();
      expect(claimsOf(first.access_token)).toMatchObject({
        sub: "u_42",
        user_id: "u_42",
        scope: "kv.read",
      });
      expect(first.refresh_token).toMatch(/^rt_/);

      const refresh = (value: string, scope?: string) =>
        form(
          "/v1/oauth/token",
          { grant_type: "refresh_token", refresh_token: value, ...(scope ? { scope } : {}) },
          { authorization: basic(app.client_id, app.client_secret) },
        );
      const second = (await refresh(first.refresh_token)).json();
      expect(second.refresh_token).toMatch(/^rt_/);
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(claimsOf(second.access_token).user_id).toBe("u_42");
      expect((await refresh(second.refresh_token, "kv.write")).json().error).toBe("invalid_scope");

      const replay = await refresh(first.refresh_token);
      expect([replay.statusCode, replay.json().error]).toEqual([400, "invalid_grant"]);
      // The whole family is gone, including the live access token it produced.
      expect((await refresh(second.refresh_token)).json().error).toBe("invalid_grant");
      expect((await introspect(app, second.access_token)).json()).toEqual({ active: false });
      const jti = claimsOf(second.access_token).jti;
      await vi.waitFor(() => {
        expect(sidecar.messages.some((m) => m.kind === "revoke" && m.payload.jti === jti)).toBe(
          true,
        );
        const actions = sidecar.messages.map((m) => m.payload.action);
        expect(actions).toContain("oauth.refresh_token.reuse");
      });
    });

    it("does not accept another client's refresh token", async () => {
      const owner = await createApp(cp, { app_type: "web" });
      const thief = await createApp(cp, { app_type: "web" });
      const { refresh_token } = (await token(owner, { user_id: "u1" })).json();
      const res = await form(
        "/v1/oauth/token",
        { grant_type: "refresh_token", refresh_token },
        { authorization: basic(thief.client_id, thief.client_secret) },
      );
      expect(res.json().error).toBe("invalid_grant");
    });
  });

  describe("app deletion and secret rotation", () => {
    const del = (clientId: string) =>
      cp.inject({ method: "DELETE", url: `/v1/oauth/apps/${clientId}`, headers: ADMIN });

    it("deleting an app sends an app-level deny entry covering every token it was issued", async () => {
      const app = await createApp(cp, { app_type: "web" });
      const peer = await createApp(cp, { tenant_id: app.tenant_id });
      const cc = (await token(app)).json().access_token;
      const user = (await token(app, { user_id: "u9" })).json();
      expect((await introspect(peer, cc)).json().active).toBe(true);

      expect((await del(app.client_id)).statusCode).toBe(204);
      // client_credentials tokens are recorded nowhere: only an app-level entry reaches them.
      const sent = sidecar.messages.find(
        (m) => m.kind === "revoke" && m.payload.app_id === app.client_id,
      );
      const at = Math.ceil(clock.getTime() / 1000);
      expect(sent).toMatchObject({
        tenantId: app.tenant_id,
        payload: { issued_before: at, expires_at: at + 86_400 },
      });
      expect(claimsOf(cc).iat).toBeLessThanOrEqual(at);
      expect(claimsOf(user.access_token).iat).toBeLessThanOrEqual(at);
      expect((await introspect(peer, cc)).json()).toEqual({ active: false });
      expect((await introspect(peer, user.access_token)).json()).toEqual({ active: false });
      expect((await introspect(peer, user.refresh_token)).json()).toEqual({ active: false });
      expect((await del(app.client_id)).statusCode).toBe(404);
    });

    it("rotating a secret revokes refresh tokens only: issued access tokens run out their TTL", async () => {
      const app = await createApp(cp, { app_type: "web" });
      const peer = await createApp(cp, { tenant_id: app.tenant_id });
      const cc = (await token(app)).json().access_token;
      const user = (await token(app, { user_id: "u9" })).json();
      const rotated = await cp.inject({
        method: "POST",
        url: `/v1/oauth/apps/${app.client_id}/rotate-secret`,
        headers: ADMIN,
      });
      expect(rotated.statusCode).toBe(200);
      const denied = sidecar.messages.filter(
        (m) =>
          m.kind === "revoke" &&
          (m.payload.app_id === app.client_id ||
            m.payload.jti === claimsOf(cc).jti ||
            m.payload.jti === claimsOf(user.access_token).jti),
      );
      expect(denied).toEqual([]);
      expect((await introspect(peer, cc)).json().active).toBe(true);
      expect((await introspect(peer, user.access_token)).json().active).toBe(true);
      expect((await introspect(peer, user.refresh_token)).json()).toEqual({ active: false });
    });
  });

  describe("introspection and revocation", () => {
    it("reports active tokens of the caller's tenant, inactive for others, junk and expired", async () => {
      const app = await createApp(cp, { app_type: "web" });
      const stranger = await createApp(cp);
      const { access_token, refresh_token } = (await token(app, { user_id: "u7" })).json();
      const active = (await introspect(app, access_token)).json();
      expect(active).toMatchObject({
        active: true,
        token_type: "Bearer",
        client_id: app.client_id,
        tenant_id: app.tenant_id,
        user_id: "u7",
      });
      expect((await introspect(app, refresh_token)).json()).toMatchObject({
        active: true,
        token_type: "refresh_token",
      });
      expect((await introspect(stranger, access_token)).json()).toEqual({ active: false });
      expect((await introspect(app, "not-a-token")).json()).toEqual({ active: false });
      clock = new Date(clock.getTime() + (TTL + 1) * 1000);
      try {
        expect((await introspect(app, access_token)).json()).toEqual({ active: false });
      } finally {
        clock = new Date();
      }
    });

    it("revokes an access token (jti to the sidecar), answers 200 for unknown tokens", async () => {
      const app = await createApp(cp);
      const { access_token } = (await token(app)).json();
      const res = await revoke(app, access_token);
      expect(res.statusCode).toBe(200);
      const jti = claimsOf(access_token).jti;
      const sent = sidecar.messages.find((m) => m.kind === "revoke" && m.payload.jti === jti);
      expect(sent).toMatchObject({
        tenantId: app.tenant_id,
        payload: { exp: claimsOf(access_token).exp },
      });
      expect((await introspect(app, access_token)).json()).toEqual({ active: false });
      expect((await revoke(app, "unknown-token")).statusCode).toBe(200);
      expect((await revoke(app, access_token)).statusCode).toBe(200);
    });

    it("ignores revocation of another app's token (200, token stays active)", async () => {
      const owner = await createApp(cp);
      const other = await createApp(cp, { app_type: "service" });
      const { access_token } = (await token(owner)).json();
      expect((await revoke(other, access_token)).statusCode).toBe(200);
      expect((await introspect(owner, access_token)).json().active).toBe(true);
    });

    it("answers 503 while the deny-list cannot be reached, then delivers", async () => {
      const app = await createApp(cp);
      const { access_token } = (await token(app)).json();
      sidecar.down = true;
      try {
        const res = await revoke(app, access_token);
        expect(res.statusCode).toBe(503);
        expect(res.headers["retry-after"]).toBeDefined();
      } finally {
        sidecar.down = false;
      }
      expect((await revoke(app, access_token)).statusCode).toBe(200);
      expect(sidecar.messages.some((m) => m.payload.jti === claimsOf(access_token).jti)).toBe(true);
    }, 30_000);
  });

  describe("discovery and keys", () => {
    it("serves RFC 8414 metadata under the issuer", async () => {
      const meta = (await cp.inject({ url: "/.well-known/openid-configuration" })).json();
      expect(meta).toMatchObject({
        issuer: ISSUER,
        token_endpoint: `${ISSUER}/v1/oauth/token`,
        jwks_uri: `${ISSUER}/.well-known/jwks.json`,
        introspection_endpoint: `${ISSUER}/v1/oauth/introspect`,
        revocation_endpoint: `${ISSUER}/v1/oauth/revoke`,
        grant_types_supported: ["client_credentials", "refresh_token"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        response_types_supported: [],
      });
      expect(meta.scopes_supported).toContain("secrets.write");
    });

    it("rotates keys: the published next kid signs, the old one stays published until its tokens expired", async () => {
      const app = await createApp(cp);
      const before = (await token(app)).json().access_token;
      const oldKid = headerOf(before).kid;
      const jwksKids = async () =>
        (await cp.inject({ url: "/.well-known/jwks.json" }))
          .json()
          .keys.map((k: { kid: string }) => k.kid);
      const [active, next] = await jwksKids();
      expect(active).toBe(oldKid);
      const rotation = (
        await cp.inject({ method: "POST", url: "/v1/keys/rotate", headers: ADMIN })
      ).json();
      // The key that signs now was in the JWKS before the rotation.
      expect(rotation).toMatchObject({ kid: next, alg: "RS256", previous_kid: oldKid });
      expect(rotation.next_kid).not.toBe(next);
      expect(
        Date.parse(rotation.previous_key_retires_at) - Date.parse(rotation.activated_at),
      ).toBeGreaterThanOrEqual(TTL * 1000);
      const after = (await token(app)).json().access_token;
      expect(headerOf(after).kid).toBe(rotation.kid);
      expect(await jwksKids()).toEqual([rotation.kid, rotation.next_kid, oldKid]);
      expect((await introspect(app, before)).json().active).toBe(true);

      clock = new Date(Date.parse(rotation.previous_key_retires_at) + 1000);
      try {
        const following = (
          await cp.inject({ method: "POST", url: "/v1/keys/rotate", headers: ADMIN })
        ).json();
        expect(following).toMatchObject({ kid: rotation.next_kid, previous_kid: rotation.kid });
        expect(await jwksKids()).toEqual([following.kid, following.next_kid, rotation.kid]);
      } finally {
        clock = new Date();
      }
    });

    it("publishes only public RSA ≥ 2048-bit members", async () => {
      const { keys } = (await cp.inject({ url: "/.well-known/jwks.json" })).json();
      for (const k of keys) {
        expect(Object.keys(k).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
        expect(Buffer.from(k.n, "base64url").length * 8).toBeGreaterThanOrEqual(2048);
      }
    });
  });
});

describe("a real client's wrong secret counts as a failure for the failure limiter", () => {
  let sql: SqlClient;
  let cp: FastifyInstance;

  beforeAll(async () => {
    sql = await openFreshDatabase({ schema: "control_plane" });
    cp = await testControlPlane(sql, {
      config: { failureLimits: { perAddress: 1000, perClient: 2, windowMs: 60_000 } },
    });
  }, 120_000);
  afterAll(async () => {
    await cp?.close();
    await sql?.close();
  });

  const attempt = (clientId: string, secret: string, remoteAddress: string) =>
    cp.inject({
      method: "POST",
      url: "/v1/oauth/token",
      headers: { ...FORM, authorization: basic(clientId, secret) },
      payload: "grant_type=client_credentials",
      remoteAddress,
    });

  it("refuses the client after perClient wrong secrets, before any hashing (429)", async () => {
    const app = await createApp(cp);
    const wrong = `cs_${"D".repeat(43)}`;
    for (const address of ["198.51.100.1", "198.51.100.2"]) {
      const res = await attempt(app.client_id, wrong, address);
      expect([res.statusCode, res.json().error]).toEqual([401, "invalid_client"]);
    }
    // A third address, never trusted for this client: the client's failures are used up.
    const limited = await attempt(app.client_id, app.client_secret, "198.51.100.3");
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe("rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("does not count a right secret: the client keeps working", async () => {
    const app = await createApp(cp);
    for (let i = 0; i < 4; i++)
      expect(
        (await attempt(app.client_id, app.client_secret, `198.51.100.${10 + i}`)).statusCode,
      ).toBe(200);
  });
});
