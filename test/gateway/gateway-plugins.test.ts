// The gateway's hook plugins (server/gateway/plugins.ts): fastify refuses a plugin whose
// dependency is missing or late, and `request.cpod` carries the request path's claims to every
// later hook and the handler. In process, no sidecar: a fake AdmissionClient answers.
import { create } from "@bufbuild/protobuf";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AdmitResponseSchema, AdmitVerdict } from "../../gen/proto/coresdk/v1/admission_pb.js";
import { gatewaySchemaDocument } from "../../gen/routes/gateway.js";
import { auditHook } from "../../server/gateway/audit/audit-hook.js";
import { MemoryIdempotencyStore } from "../../server/gateway/idempotency/adapters/memory-idempotency-store.js";
import { idempotency } from "../../server/gateway/idempotency/index.js";
import { createGatewayMetrics } from "../../server/gateway/observability/gateway-metrics.js";
import { observability } from "../../server/gateway/observability/observability-hooks.js";
import { registerGatewayPlugins } from "../../server/gateway/plugins.js";
import { FairQueue } from "../../server/gateway/request-path/fair-queue.js";
import {
  type AdmissionClient,
  requestPath,
} from "../../server/gateway/request-path/request-path.js";
import { requestState } from "../../server/gateway/request-path/request-state.js";
import type { AuditEntry } from "../../server/gateway/sidecar/sidecar-client.js";
import { createServer } from "../../server/shared/http/build-server.js";

const CLAIMS = { tenantId: "ten_a", appId: "app_1", sub: "app_1", userId: "" };

/** A sidecar that admits every token as CLAIMS' app, noting each call. */
function admitting(): AdmissionClient & { calls: number } {
  const sidecar = {
    calls: 0,
    admit: async () => {
      sidecar.calls += 1;
      return create(AdmitResponseSchema, {
        verdict: AdmitVerdict.ADMITTED,
        claims: CLAIMS,
        timings: { validateUs: 12, authorizeUs: 20, ratelimitUs: 4 },
      });
    },
  };
  return sidecar;
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function server(): Promise<FastifyInstance> {
  const app = await createServer({ schemaDocument: gatewaySchemaDocument, routes: [] });
  apps.push(app);
  return app;
}

/** A POST that declares Idempotency-Key and answers with the tenant the handler was told. */
function thingRoute(app: FastifyInstance): void {
  app.post("/things", {
    config: { operationId: "createThing", security: { kind: "oauth2", scopes: ["kv.write"] } },
    schema: {
      headers: { type: "object", properties: { "idempotency-key": { type: "string" } } },
    },
    handler: async (request) => ({ tenant: request.cpod.claims?.tenantId ?? null }),
  });
}

/** The plugins that read `request.cpod`, each registered straight on the app under test. */
const readers: [string, (app: FastifyInstance) => void][] = [
  ["cpod-observability", (app) => app.register(observability, { metrics: createGatewayMetrics() })],
  ["cpod-idempotency", (app) => app.register(idempotency, { store: new MemoryIdempotencyStore() })],
  ["cpod-audit", (app) => app.register(auditHook, { emitter: { record: () => {} } })],
];

describe("plugin dependencies are checked by fastify", () => {
  it("cpod-request-path without cpod-request-state fails ready(): no request.cpod", async () => {
    const app = await server();
    app.register(requestPath, { sidecar: admitting(), failMode: "closed" });
    await expect(app.ready()).rejects.toMatchObject({
      code: "FST_ERR_PLUGIN_NOT_PRESENT_IN_INSTANCE",
      message: "The decorator 'cpod' required by 'cpod-request-path' is not present in Request",
    });
  });

  it.each(readers)("%s without cpod-request-path fails ready()", async (name, register) => {
    const app = await server();
    app.register(requestState);
    register(app);
    await expect(app.ready()).rejects.toMatchObject({
      code: "FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED",
      message: `The dependency 'cpod-request-path' of plugin '${name}' is not registered`,
    });
  });

  it.each(readers)("%s registered before cpod-request-path fails ready()", async (_, register) => {
    const app = await server();
    app.register(requestState);
    register(app);
    app.register(requestPath, { sidecar: admitting(), failMode: "closed" });
    await expect(app.ready()).rejects.toMatchObject({
      code: "FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED",
    });
  });
});

describe("request.cpod carries the request path's state to later plugins", () => {
  /** The gateway's plugins, in the gateway's order, over fakes that record what they saw. */
  async function gateway(opts: { production?: boolean; overBound?: boolean } = {}) {
    const app = await server();
    const sidecar = admitting();
    const records: AuditEntry[] = [];
    const store = new MemoryIdempotencyStore();
    const claimed: string[] = [];
    const claim = store.claim.bind(store);
    store.claim = (key, print, ttl) => {
      claimed.push(key);
      return claim(key, print, ttl);
    };
    await registerGatewayPlugins(app, {
      transport: { production: opts.production ?? false, trustedProxies: [] },
      metrics: createGatewayMetrics(),
      audit: { overBound: () => opts.overBound ?? false, record: (e) => records.push(e) },
      sidecar,
      failMode: "closed",
      admissionQueue: new FairQueue({ limit: 8, maxWaiting: 100 }),
      idempotency: store,
    });
    thingRoute(app);
    return { app, sidecar, records, claimed };
  }

  const post = { method: "POST" as const, url: "/things", payload: { n: 1 } };
  const headers = { authorization: "Bearer t.k.n", "idempotency-key": "k1" };

  it("the handler, idempotency, Server-Timing and audit all see the verified claims", async () => {
    const { app, records, claimed } = await gateway();
    const res = await app.inject({ ...post, headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ tenant: "ten_a" });
    expect(claimed).toEqual(["ten_a:app_1:-:k1"]);
    expect(String(res.headers["server-timing"])).toMatch(
      /^validate;dur=0\.012, authorize;dur=0\.020, ratelimit;dur=0\.004, sidecar;dur=/,
    );
    await vi.waitFor(() => expect(records).toHaveLength(1));
    expect(records[0]).toMatchObject({
      tenantId: "ten_a",
      actor: { type: "app", id: "app_1", appId: "app_1" },
      action: "kv.create",
      outcome: "success",
    });
  });

  it.each([
    ["plain HTTP in production", { production: true }, 400],
    ["the audit backlog at its bound", { overBound: true }, 503],
  ])(
    "a request refused for %s costs no Admit call and is audited from a fresh state",
    async (_, opts, status) => {
      const { app, sidecar, records } = await gateway(opts);
      const res = await app.inject({ ...post, headers });
      expect(res.statusCode).toBe(status);
      expect(sidecar.calls).toBe(0);
      await vi.waitFor(() => expect(records).toHaveLength(1));
      expect(records[0]).toMatchObject({
        tenantId: "_platform",
        actor: { type: "anonymous", id: "anonymous" },
      });
    },
  );

  it("each request gets its own state: claims never carry over to the next one", async () => {
    const { app, records } = await gateway();
    expect((await app.inject({ ...post, headers })).statusCode).toBe(200);
    const anonymous = await app.inject({ ...post, headers: { "idempotency-key": "k2" } });
    expect(anonymous.statusCode).toBe(401);
    await vi.waitFor(() => expect(records).toHaveLength(2));
    expect(records.map((r) => r.tenantId)).toEqual(["ten_a", "_platform"]);
  });
});
