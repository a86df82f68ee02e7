import { create } from "@bufbuild/protobuf";
import { createClient, createRouterTransport } from "@connectrpc/connect";
import { beforeAll, describe, expect, it } from "vitest";
import { AuthorizeRequestSchema } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { PolicyService } from "../../../gen/proto/coresdk/v1/policy_pb.js";
import { TenantService, TenantStatus } from "../../../gen/proto/coresdk/v1/tenant_pb.js";
import { Authorizer } from "../../../sidecar/policy/authorizer.js";
import { OpaPolicyEngine } from "../../../sidecar/policy/opa-policy-engine.js";
import { createPolicyService } from "../../../sidecar/policy/policy-service.js";
import { MemoryTenantDirectory } from "../../../sidecar/tenants/adapters/memory-tenant-directory.js";
import { createTenantService } from "../../../sidecar/tenants/tenant-service.js";
import { POLICY_BUNDLE } from "../../helpers/sidecar.js";

const request = (tenant: string, scopes: string[], resourceTenant = tenant) =>
  create(AuthorizeRequestSchema, {
    subject: { tenantId: tenant, appId: "app_1", scopes },
    action: "entities.read",
    resource: { type: "entity", id: "per_1", tenantId: resourceTenant },
  });

describe("Authorizer (tenant resolution + Rego)", () => {
  let engine: OpaPolicyEngine;
  let tenants: MemoryTenantDirectory;
  let authorizer: Authorizer;
  beforeAll(async () => {
    engine = await OpaPolicyEngine.load(POLICY_BUNDLE);
    tenants = new MemoryTenantDirectory([{ id: "acme" }, { id: "globex" }]);
    authorizer = new Authorizer(engine, tenants);
  });

  it.each([
    {
      given: "scope held, own tenant",
      req: request("acme", ["entities.read"]),
      want: { allow: true, reasons: [] },
    },
    {
      given: "scope missing",
      req: request("acme", ["kv.read"]),
      want: { allow: false, reasons: ["missing_scope"] },
    },
    {
      given: "another tenant's resource",
      req: request("acme", ["entities.read"], "globex"),
      want: { allow: false, reasons: ["tenant_mismatch"] },
    },
    {
      given: "unknown tenant",
      req: request("initech", ["entities.read"]),
      want: { allow: false, reasons: ["unknown_tenant"] },
    },
  ])("$given", async ({ req, want }) => {
    const res = await authorizer.authorize(req);
    expect({ allow: res.allow, reasons: res.reasons }).toEqual(want);
    expect(res.policyVersion).toBe(engine.status().version);
  });

  it("denies every action once the tenant is suspended, and allows again when reactivated", async () => {
    tenants.put({ id: "acme", status: "suspended" });
    for (const action of ["entities.read", "kv.write", "secrets.read"]) {
      const req = request("acme", [action]);
      req.action = action;
      expect((await authorizer.authorize(req)).reasons).toEqual(["tenant_suspended"]);
    }
    expect((await authorizer.authorize(request("globex", ["entities.read"]))).allow).toBe(true);
    tenants.put({ id: "acme", status: "active" });
    expect((await authorizer.authorize(request("acme", ["entities.read"]))).allow).toBe(true);
  });
});

describe("PolicyService and TenantService over an in-memory transport", () => {
  it("evaluates, dry-runs with candidate data, reports the bundle", async () => {
    const engine = await OpaPolicyEngine.load(POLICY_BUNDLE);
    const transport = createRouterTransport((router) =>
      router.service(PolicyService, createPolicyService({ engine })),
    );
    const client = createClient(PolicyService, transport);
    const input = {
      subject: { tenant_id: "acme", app_id: "a", scopes: ["kv.read"] },
      action: "kv.read",
      resource: { type: "kv", id: "k", tenant_id: "acme" },
    };
    expect((await client.evaluate({ tenantId: "acme", input })).allow).toBe(true);
    const dry = await client.dryRun({
      tenantId: "acme",
      input,
      data: { tenants: { acme: { status: "suspended" } } },
    });
    expect({ allow: dry.allow, reasons: dry.reasons }).toEqual({
      allow: false,
      reasons: ["tenant_suspended"],
    });
    expect((await client.evaluate({ tenantId: "acme", input })).allow).toBe(true);
    const status = await client.getBundleStatus({});
    expect(status.entrypoints).toContain("cpod/authz/decision");
    expect((await client.reloadBundle({})).changed).toBe(false);
  });

  it("resolves tenants and refuses cross-tenant access", async () => {
    const tenants = new MemoryTenantDirectory([
      { id: "acme", plan: "pro" },
      { id: "hooli", status: "suspended" },
    ]);
    const transport = createRouterTransport((router) =>
      router.service(TenantService, createTenantService(tenants)),
    );
    const client = createClient(TenantService, transport);
    const acme = await client.resolveTenant({ tenantId: "acme" });
    expect(acme.status).toBe(TenantStatus.ACTIVE);
    expect(acme.limits?.requestsPerWindow).toBe(1000);
    await expect(client.resolveTenant({ tenantId: "nobody" })).rejects.toThrow(/tenant not found/);
    const iso = (caller: string, resource: string) =>
      client.validateIsolation({ callerTenantId: caller, resourceTenantId: resource });
    expect(await iso("acme", "acme")).toMatchObject({ allowed: true });
    expect(await iso("acme", "hooli")).toMatchObject({ allowed: false, reason: "tenant_mismatch" });
    expect(await iso("hooli", "hooli")).toMatchObject({
      allowed: false,
      reason: "tenant_suspended",
    });
  });
});
