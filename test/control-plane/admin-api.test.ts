import { describe, expect, it } from "vitest";
import { HttpTenantDirectory } from "../../sidecar/tenants/adapters/http-tenant-directory.js";
import { ADMIN, ADMIN_TOKEN, controlPlaneOn, createApp, testDatabases } from "./helpers.js";

describe.each(testDatabases())("admin API on $name", (db) => {
  const suite = controlPlaneOn(db);
  const post = (url: string, payload?: object, headers: Record<string, string> = ADMIN) =>
    suite.cp.inject({ method: "POST", url, headers, ...(payload ? { payload } : {}) });
  const get = (url: string, headers: Record<string, string> = ADMIN) =>
    suite.cp.inject({ method: "GET", url, headers });

  describe("admin token", () => {
    it.each([
      ["missing", {}, "unauthenticated", 'error="invalid_request"'],
      [
        "wrong",
        { authorization: `Bearer ${"x".repeat(40)}` },
        "invalid_token",
        'error="invalid_token"',
      ],
      [
        "a prefix of the right one",
        { authorization: `Bearer ${ADMIN_TOKEN.slice(0, 20)}` },
        "invalid_token",
        "invalid_token",
      ],
      [
        "Basic instead of Bearer",
        { authorization: `Basic ${ADMIN_TOKEN}` },
        "unauthenticated",
        "invalid_request",
      ],
    ])(
      "%s → 401 with a Bearer challenge, before the body is read",
      async (_, headers, code, challenge) => {
        const res = await suite.cp.inject({
          method: "POST",
          url: "/v1/tenants",
          headers,
          payload: "{not json",
        });
        expect(res.statusCode).toBe(401);
        expect(res.json().code).toBe(code);
        expect(res.headers["www-authenticate"]).toContain("Bearer");
        expect(res.headers["www-authenticate"]).toContain(challenge);
      },
    );

    it("guards every admin route and none of the public ones", async () => {
      for (const url of [
        "/v1/tenants",
        "/v1/oauth/apps",
        "/v1/tenants/ten_01JD6Q6Y2V8W7X6T5S4R3Q2P1N",
      ]) {
        expect((await get(url, {})).statusCode).toBe(401);
      }
      expect((await post("/v1/keys/rotate", undefined, {})).statusCode).toBe(401);
      expect((await get("/.well-known/jwks.json", {})).statusCode).toBe(200);
      expect((await get("/.well-known/openid-configuration", {})).statusCode).toBe(200);
    });
  });

  describe("tenants", () => {
    it("creates (201 + Location), gets, lists with cursors, suspends idempotently", async () => {
      const created = await post("/v1/tenants", { name: "Acme", plan: "pro" });
      expect(created.statusCode).toBe(201);
      const tenant = created.json();
      expect(tenant).toMatchObject({ name: "Acme", plan: "pro", status: "active" });
      expect(tenant.id).toMatch(/^ten_[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(created.headers.location).toBe(`/v1/tenants/${tenant.id}`);
      expect((await get(`/v1/tenants/${tenant.id}`)).json()).toEqual(tenant);
      expect((await post("/v1/tenants", { name: "Free" })).json().plan).toBe("free");

      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; next_cursor: string | null } = (
          await get(`/v1/tenants?limit=1${cursor ? `&cursor=${cursor}` : ""}`)
        ).json();
        ids.push(...page.items.map((t: { id: string }) => t.id));
        cursor = page.next_cursor;
      } while (cursor);
      expect(ids).toContain(tenant.id);

      const suspended = await post(`/v1/tenants/${tenant.id}/suspend`);
      expect(suspended.json().status).toBe("suspended");
      expect((await post(`/v1/tenants/${tenant.id}/suspend`)).statusCode).toBe(200);
    });

    it("answers 404 for an unknown tenant and 400 for a malformed id or a forged cursor", async () => {
      expect((await get("/v1/tenants/ten_01JD6Q6Y2V8W7X6T5S4R3Q2P1N")).statusCode).toBe(404);
      expect((await post("/v1/tenants/ten_01JD6Q6Y2V8W7X6T5S4R3Q2P1N/suspend")).statusCode).toBe(
        404,
      );
      expect((await get("/v1/tenants/nope")).statusCode).toBe(400);
      const forged = (await get("/v1/tenants?cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).json();
      expect(forged.code).toBe("invalid_cursor");
    });

    it("rejects unknown fields", async () => {
      const res = await post("/v1/tenants", { name: "x", extra: true });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe("validation_failed");
    });

    it("replays a create with the same Idempotency-Key; another body is 409", async () => {
      const headers = { ...ADMIN, "idempotency-key": `k-${Date.now()}` };
      const first = await post("/v1/tenants", { name: "Once" }, headers);
      const again = await post("/v1/tenants", { name: "Once" }, headers);
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      const other = await post("/v1/tenants", { name: "Other" }, headers);
      expect(other.statusCode).toBe(409);
      expect(other.json().code).toBe("idempotency_conflict");
    });

    it("serves the sidecar's tenant directory (GET /v1/tenants/{id} with the admin token)", async () => {
      const tenant = (await post("/v1/tenants", { name: "Dir", plan: "enterprise" })).json();
      const directory = new HttpTenantDirectory({
        baseUrl: "http://suite.cp.internal",
        adminToken: ADMIN_TOKEN,
        fetch: async (url, init) => {
          const res = await suite.cp.inject({
            method: "GET",
            url: new URL(String(url)).pathname,
            headers: init?.headers as Record<string, string>,
          });
          return new Response(res.body, {
            status: res.statusCode,
            headers: { "content-type": "application/json" },
          });
        },
      });
      expect(await directory.resolve(tenant.id)).toMatchObject({
        id: tenant.id,
        status: "active",
        plan: "enterprise",
      });
      expect(await directory.resolve("ten_01JD6Q6Y2V8W7X6T5S4R3Q2P1N")).toBeUndefined();
    });
  });

  it("answers 503 unavailable to an audit export when no sidecar is configured to read from", async () => {
    const tenant = (await post("/v1/tenants", { name: "no sidecar" })).json() as { id: string };
    const res = await get(`/v1/tenants/${tenant.id}/audit/records`);
    expect([res.statusCode, res.json().code]).toEqual([503, "unavailable"]);
  });

  describe("apps", () => {
    it("creates with a cs_ secret shown once, no-store, and never shows it again", async () => {
      const tenant = (await post("/v1/tenants", { name: "Apps" })).json();
      const res = await post("/v1/oauth/apps", {
        tenant_id: tenant.id,
        name: "Billing",
        declared_scopes: ["kv.read"],
        app_type: "service",
      });
      expect(res.statusCode).toBe(201);
      expect(res.headers["cache-control"]).toBe("no-store");
      const app = res.json();
      expect(app.client_secret).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
      expect(app.client_id).toMatch(/^app_[0-9A-Z]{26}$/);
      expect(res.headers.location).toBe(`/v1/oauth/apps/${app.client_id}`);
      const fetched = await get(`/v1/oauth/apps/${app.client_id}`);
      expect(fetched.json()).toEqual({ ...app, client_secret: undefined });
      expect(fetched.body).not.toContain("client_secret");
      const listed = (await get(`/v1/oauth/apps?tenant_id=${tenant.id}`)).json();
      expect(listed.items).toEqual([fetched.json()]);
    });

    it("takes a chosen client_id once (409 after), and 404 for an unknown tenant", async () => {
      const { tenant_id } = await createApp(suite.cp);
      const body = {
        tenant_id,
        client_id: `chosen-${Date.now()}`,
        name: "n",
        declared_scopes: ["kv.read"],
        app_type: "web",
      };
      expect((await post("/v1/oauth/apps", body)).statusCode).toBe(201);
      expect((await post("/v1/oauth/apps", body)).json().code).toBe("conflict");
      const unknown = await post("/v1/oauth/apps", {
        ...body,
        tenant_id: "ten_01JD6Q6Y2V8W7X6T5S4R3Q2P1N",
      });
      expect(unknown.statusCode).toBe(404);
    });

    it("rotates the secret (new one returned once) and deletes (then 404)", async () => {
      const app = await createApp(suite.cp);
      const rotated = await post(`/v1/oauth/apps/${app.client_id}/rotate-secret`);
      expect(rotated.statusCode).toBe(200);
      expect(rotated.json().client_secret).not.toBe(app.client_secret);
      expect(rotated.json().secret_rotated_at).not.toBeNull();
      const del = await suite.cp.inject({
        method: "DELETE",
        url: `/v1/oauth/apps/${app.client_id}`,
        headers: ADMIN,
      });
      expect(del.statusCode).toBe(204);
      expect((await get(`/v1/oauth/apps/${app.client_id}`)).statusCode).toBe(404);
      expect((await post(`/v1/oauth/apps/${app.client_id}/rotate-secret`)).statusCode).toBe(404);
    });

    it("does not show a secret twice for a replayed Idempotency-Key", async () => {
      const { tenant_id } = await createApp(suite.cp);
      const headers = { ...ADMIN, "idempotency-key": `app-${Date.now()}` };
      const body = { tenant_id, name: "once", declared_scopes: ["kv.read"], app_type: "service" };
      const first = await post("/v1/oauth/apps", body, headers);
      expect(first.statusCode).toBe(201);
      const again = await post("/v1/oauth/apps", body, headers);
      expect(again.statusCode).toBe(409);
      expect(again.json().detail).toContain(first.json().client_id);
      expect(again.body).not.toContain(first.json().client_secret);
      const apps = (await get(`/v1/oauth/apps?tenant_id=${tenant_id}`)).json().items;
      expect(apps.filter((a: { name: string }) => a.name === "once")).toHaveLength(1);
    });

    it("rejects undeclared scope names and unknown app types", async () => {
      const { tenant_id } = await createApp(suite.cp);
      const bad = await post("/v1/oauth/apps", {
        tenant_id,
        name: "n",
        declared_scopes: ["root"],
        app_type: "service",
      });
      expect(bad.statusCode).toBe(400);
    });
  });
});
