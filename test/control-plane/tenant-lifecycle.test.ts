import { describe, expect, it } from "vitest";
import { ADMIN, basic, controlPlaneOn, createApp, FORM, testDatabases } from "./helpers.js";

const UNKNOWN = "ten_01JD6Q6Y2V8W7X6T5S4R3Q2P1N";

describe.each(testDatabases())("tenant lifecycle on $name", (db) => {
  const suite = controlPlaneOn(db);
  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: unknown) =>
    payload === undefined
      ? suite.cp.inject({ method, url, headers: ADMIN })
      : suite.cp.inject({
          method,
          url,
          headers: { ...ADMIN, "content-type": "application/json" },
          payload: JSON.stringify(payload),
        });
  const newTenant = async (plan = "free") =>
    (await call("POST", "/v1/tenants", { name: "Lifecycle", plan })).json() as {
      id: string;
      [field: string]: unknown;
    };
  /** The audit payloads queued for a tenant, oldest first, optionally of one action. */
  const audited = async (tenantId: string, action?: string) => {
    const { rows } = await suite.sql.query<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM outbox WHERE tenant_id = $1 AND kind = 'audit' ORDER BY seq",
      [tenantId],
    );
    return rows.map((r) => r.payload).filter((p) => action === undefined || p.action === action);
  };

  describe("updateTenant", () => {
    it("shows limits: null on every tenant that has no overrides", async () => {
      const tenant = await newTenant("pro");
      expect(tenant.limits).toBeNull();
      expect((await call("GET", `/v1/tenants/${tenant.id}`)).json().limits).toBeNull();
    });

    it("changes the plan, and the same PATCH twice leaves (and answers) the same state", async () => {
      const tenant = await newTenant();
      const first = await call("PATCH", `/v1/tenants/${tenant.id}`, { plan: "enterprise" });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ ...tenant, plan: "enterprise" });
      const again = await call("PATCH", `/v1/tenants/${tenant.id}`, { plan: "enterprise" });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
      expect((await call("GET", `/v1/tenants/${tenant.id}`)).json()).toEqual(first.json());
    });

    it("sets overrides, replaces them as a whole, clears them with null, and renames", async () => {
      const tenant = await newTenant();
      const url = `/v1/tenants/${tenant.id}`;
      const both = { requests_per_window: 5000, window_seconds: 30 };
      expect((await call("PATCH", url, { limits: both })).json().limits).toEqual(both);
      const windowOnly = await call("PATCH", url, { limits: { window_seconds: 5 } });
      expect(windowOnly.json()).toEqual({ ...tenant, limits: { window_seconds: 5 } });
      const all = await call("PATCH", url, { name: "Renamed", plan: "pro", limits: null });
      expect(all.json()).toEqual({ ...tenant, name: "Renamed", plan: "pro", limits: null });
      expect((await call("GET", url)).json()).toEqual(all.json());
    });

    it("audits each update with the named fields before and after", async () => {
      const tenant = await newTenant();
      const url = `/v1/tenants/${tenant.id}`;
      await call("PATCH", url, { plan: "pro", limits: { requests_per_window: 7 } });
      await call("PATCH", url, { limits: null });
      const records = await audited(tenant.id, "tenants.update");
      expect(records).toHaveLength(2);
      expect(records[0]).toMatchObject({
        actor: { type: "admin", id: "admin" },
        resource: { type: "tenant", id: tenant.id },
        outcome: "success",
        status: 200,
        metadata: {
          fields: ["plan", "limits"],
          before: { plan: "free", limits: null },
          after: { plan: "pro", limits: { requests_per_window: 7 } },
        },
      });
      expect(records[1]?.metadata).toEqual({
        fields: ["limits"],
        before: { limits: { requests_per_window: 7 } },
        after: { limits: null },
      });
    });

    it.each([
      ["an empty body", {}, "/body"],
      ["an unknown plan", { plan: "platinum" }, "/body/plan"],
      ["a null plan", { plan: null }, "/body/plan"],
      ["an empty name", { name: "" }, "/body/name"],
      ["an empty limits object (null clears)", { limits: {} }, "/body/limits"],
      ["a zero limit", { limits: { requests_per_window: 0 } }, "/body/limits"],
      ["a negative window", { limits: { window_seconds: -1 } }, "/body/limits"],
      ["a fractional limit", { limits: { requests_per_window: 1.5 } }, "/body/limits"],
      ["a limit as a string", { limits: { requests_per_window: "10" } }, "/body/limits"],
      ["a window over a day", { limits: { window_seconds: 86_401 } }, "/body/limits"],
      ["an unknown limits field", { limits: { burst: 10 } }, "/body/limits"],
      ["an unknown field", { plan: "pro", status: "active" }, "/body"],
      ["a body that is not an object", ["plan", "pro"], "/body"],
      ["a JSON null body", null, "/body"],
    ])("refuses %s with 400 validation_failed and changes nothing", async (_, body, path) => {
      const tenant = await newTenant();
      const res =
        body === null
          ? await suite.cp.inject({
              method: "PATCH",
              url: `/v1/tenants/${tenant.id}`,
              headers: { ...ADMIN, "content-type": "application/json" },
              payload: "null",
            })
          : await call("PATCH", `/v1/tenants/${tenant.id}`, body);
      expect(res.statusCode).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      const problem = res.json();
      expect(problem.code).toBe("validation_failed");
      expect(problem.errors.map((e: { path: string }) => e.path)).toContainEqual(
        expect.stringMatching(new RegExp(`^${path}`)),
      );
      expect((await call("GET", `/v1/tenants/${tenant.id}`)).json()).toEqual(tenant);
      expect(await audited(tenant.id, "tenants.update")).toEqual([]);
    });

    it("refuses a missing body (400 validation_failed) and one that is not JSON (400 bad_request)", async () => {
      const tenant = await newTenant();
      const url = `/v1/tenants/${tenant.id}`;
      const missing = await suite.cp.inject({ method: "PATCH", url, headers: ADMIN });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().code).toBe("validation_failed");
      const garbled = await suite.cp.inject({
        method: "PATCH",
        url,
        headers: { ...ADMIN, "content-type": "application/json" },
        payload: "{plan: pro",
      });
      expect(garbled.statusCode).toBe(400);
      expect(garbled.json().code).toBe("bad_request");
    });

    it("answers 404 for an unknown tenant, 400 for a malformed id, 401 without the token", async () => {
      const unknown = await call("PATCH", `/v1/tenants/${UNKNOWN}`, { plan: "pro" });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe("not_found");
      const malformed = await call("PATCH", "/v1/tenants/nope", { plan: "pro" });
      expect(malformed.json().code).toBe("validation_failed");
      const anonymous = await suite.cp.inject({
        method: "PATCH",
        url: `/v1/tenants/${UNKNOWN}`,
        payload: { plan: "pro" },
      });
      expect(anonymous.statusCode).toBe(401);
    });
  });

  describe("resumeTenant", () => {
    it("resumes a suspended tenant; resuming an active one is a no-op 200", async () => {
      const tenant = await newTenant();
      await call("POST", `/v1/tenants/${tenant.id}/suspend`);
      const resumed = await call("POST", `/v1/tenants/${tenant.id}/resume`);
      expect(resumed.statusCode).toBe(200);
      expect(resumed.json()).toEqual(tenant);
      const again = await call("POST", `/v1/tenants/${tenant.id}/resume`);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(tenant);
      const statuses = (await audited(tenant.id))
        .filter((r) => r.action !== "tenants.create")
        .map((r) => [r.action, (r.metadata as { previous_status: string }).previous_status]);
      expect(statuses).toEqual([
        ["tenants.suspend", "active"],
        ["tenants.resume", "suspended"],
        ["tenants.resume", "active"],
      ]);
    });

    it("lets the tenant's apps get tokens again (refused while suspended)", async () => {
      const app = await createApp(suite.cp);
      const token = () =>
        suite.cp.inject({
          method: "POST",
          url: "/v1/oauth/token",
          headers: { ...FORM, authorization: basic(app.client_id, app.client_secret) },
          payload: "grant_type=client_credentials",
        });
      await call("POST", `/v1/tenants/${app.tenant_id}/suspend`);
      const refused = await token();
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error).toBe("invalid_client");
      await call("POST", `/v1/tenants/${app.tenant_id}/resume`);
      expect((await token()).statusCode).toBe(200);
    });

    it("answers 404 for an unknown tenant and 400 for a malformed id", async () => {
      const unknown = await call("POST", `/v1/tenants/${UNKNOWN}/resume`);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe("not_found");
      expect((await call("POST", "/v1/tenants/nope/resume")).statusCode).toBe(400);
    });
  });

  describe("listTenantApps", () => {
    it("pages the tenant's live apps only, never a secret or its hash", async () => {
      const first = await createApp(suite.cp);
      const tenantId = first.tenant_id;
      const second = await createApp(suite.cp, { tenant_id: tenantId });
      const third = await createApp(suite.cp, { tenant_id: tenantId });
      const gone = await createApp(suite.cp, { tenant_id: tenantId });
      await createApp(suite.cp); // another tenant's
      await suite.cp.inject({
        method: "DELETE",
        url: `/v1/oauth/apps/${gone.client_id}`,
        headers: ADMIN,
      });

      const pageOne = await call("GET", `/v1/tenants/${tenantId}/apps?limit=2`);
      expect(pageOne.statusCode).toBe(200);
      const one = pageOne.json();
      expect(one.next_cursor).toEqual(expect.any(String));
      const two = (
        await call("GET", `/v1/tenants/${tenantId}/apps?limit=2&cursor=${one.next_cursor}`)
      ).json();
      expect(two.next_cursor).toBeNull();
      const items = [...one.items, ...two.items];
      expect(items.map((a: { client_id: string }) => a.client_id)).toEqual(
        [first, second, third].map((a) => a.client_id),
      );
      const fetched = (await call("GET", `/v1/oauth/apps/${first.client_id}`)).json();
      expect(items[0]).toEqual(fetched);
      for (const body of [pageOne.body, JSON.stringify(two)]) {
        expect(body).not.toMatch(/client_secret|secret_hash|argon2/);
        for (const app of [first, second, third]) expect(body).not.toContain(app.client_secret);
      }
    });

    it("answers an empty page for a tenant without apps, 404 for an unknown tenant", async () => {
      const tenant = await newTenant();
      const empty = await call("GET", `/v1/tenants/${tenant.id}/apps`);
      expect(empty.json()).toEqual({ items: [], next_cursor: null });
      const unknown = await call("GET", `/v1/tenants/${UNKNOWN}/apps`);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe("not_found");
    });

    it("refuses a cursor of another tenant's list or of listApps, and a bad limit", async () => {
      const app = await createApp(suite.cp);
      await createApp(suite.cp, { tenant_id: app.tenant_id });
      const other = await createApp(suite.cp);
      const mine = (await call("GET", `/v1/tenants/${app.tenant_id}/apps?limit=1`)).json();
      const elsewhere = await call(
        "GET",
        `/v1/tenants/${other.tenant_id}/apps?cursor=${mine.next_cursor}`,
      );
      expect(elsewhere.json().code).toBe("invalid_cursor");
      const global = (
        await call("GET", `/v1/oauth/apps?tenant_id=${app.tenant_id}&limit=1`)
      ).json();
      const crossed = await call(
        "GET",
        `/v1/tenants/${app.tenant_id}/apps?cursor=${global.next_cursor}`,
      );
      expect(crossed.json().code).toBe("invalid_cursor");
      const badLimit = await call("GET", `/v1/tenants/${app.tenant_id}/apps?limit=0`);
      expect(badLimit.json().code).toBe("validation_failed");
    });
  });
});
