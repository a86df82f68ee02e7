// The sidecar's HTTP tenant directory against a real control plane (over `inject`): plan
// changes, limit overrides, suspension and resume reach it once its cache entry lapses, and not
// before. The directory's clock is the test's, so "lapses" is a step, not a wait.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "../../lib/sql/index.js";
import { HttpTenantDirectory } from "../../sidecar/tenants/adapters/http-tenant-directory.js";
import { PLAN_LIMITS, type TenantLimits } from "../../sidecar/tenants/tenant-directory.js";
import { ADMIN, ADMIN_TOKEN, testControlPlane, testDatabases } from "./helpers.js";

const TTL_MS = 1_000;
const ENTERPRISE = PLAN_LIMITS.enterprise as TenantLimits;

describe.each(testDatabases())("tenant directory over the control plane on $name", (db) => {
  let sql: SqlClient;
  let cp: FastifyInstance;
  let clock = 0;
  let directory: HttpTenantDirectory;
  const admin = (method: "POST" | "PATCH", url: string, payload?: object) =>
    cp.inject({ method, url, headers: ADMIN, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    sql = await db.open();
    cp = await testControlPlane(sql);
    directory = new HttpTenantDirectory({
      baseUrl: "http://cp.internal",
      adminToken: ADMIN_TOKEN,
      ttlMs: TTL_MS,
      now: () => clock,
      fetch: async (url, init) => {
        const res = await cp.inject({
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
  }, 120_000);
  afterAll(async () => {
    await directory?.close();
    await cp?.close();
    await sql?.close();
    await db.cleanup();
  });

  /** Resolves after the cache entry has lapsed. */
  const fresh = (id: string) => {
    clock += TTL_MS + 1;
    return directory.resolve(id);
  };

  it("maps plan and overrides into limits, each change seen once the cache lapses", async () => {
    const tenant = (await admin("POST", "/v1/tenants", { name: "Limits", plan: "pro" })).json();
    const url = `/v1/tenants/${tenant.id}`;
    expect((await fresh(tenant.id))?.limits).toEqual(PLAN_LIMITS.pro);

    await admin("PATCH", url, { plan: "enterprise" });
    expect((await directory.resolve(tenant.id))?.limits).toEqual(PLAN_LIMITS.pro);
    expect(await fresh(tenant.id)).toMatchObject({ plan: "enterprise", limits: ENTERPRISE });

    await admin("PATCH", url, { limits: { requests_per_window: 42 } });
    expect((await fresh(tenant.id))?.limits).toEqual({
      requestsPerWindow: 42,
      windowMs: ENTERPRISE.windowMs,
      burst: 42,
    });

    await admin("PATCH", url, { limits: { requests_per_window: 9, window_seconds: 3 } });
    expect((await fresh(tenant.id))?.limits).toEqual({
      requestsPerWindow: 9,
      windowMs: 3_000,
      burst: 9,
    });

    await admin("PATCH", url, { limits: null });
    expect((await fresh(tenant.id))?.limits).toEqual(ENTERPRISE);
  });

  it("sees a suspension and a resume", async () => {
    const tenant = (await admin("POST", "/v1/tenants", { name: "Status" })).json();
    expect((await fresh(tenant.id))?.status).toBe("active");
    await admin("POST", `/v1/tenants/${tenant.id}/suspend`);
    expect((await fresh(tenant.id))?.status).toBe("suspended");
    await admin("POST", `/v1/tenants/${tenant.id}/resume`);
    expect((await directory.resolve(tenant.id))?.status).toBe("suspended");
    expect((await fresh(tenant.id))?.status).toBe("active");
  });
});
