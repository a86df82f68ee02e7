import http2 from "node:http2";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import {
  connectNodeAdapter,
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TenantService } from "../../../gen/proto/coresdk/v1/tenant_pb.js";
import { listenSidecar } from "../../../sidecar/server/http2-server.js";
import { type RunningSidecar, startSidecar } from "../../../sidecar/start.js";
import { MemoryTenantDirectory } from "../../../sidecar/tenants/adapters/memory-tenant-directory.js";
import { createTenantService } from "../../../sidecar/tenants/tenant-service.js";
import { testSidecarConfig, withCallerCredential } from "../../helpers/sidecar.js";

/**
 * The real HTTP/2 server: three protocols on one port, the IPv6 :authority trap, ops endpoints,
 * and a drain that leaves no session behind.
 */
const interceptors = [withCallerCredential];

describe("sidecar over real HTTP/2 on [::1]", () => {
  let running: RunningSidecar;
  let base: string;
  beforeAll(async () => {
    running = await startSidecar(testSidecarConfig({ CORESDK_LISTEN_ADDR: "[::1]:0" }), {
      overrides: { tenants: new MemoryTenantDirectory([{ id: "acme", plan: "pro" }]) },
    });
    base = `http://[::1]:${running.address.port}`;
  });
  afterAll(async () => running?.close(100));

  it.each([
    ["gRPC", () => createGrpcTransport({ baseUrl: base, interceptors })],
    ["gRPC-Web", () => createGrpcWebTransport({ baseUrl: base, httpVersion: "2", interceptors })],
    ["Connect", () => createConnectTransport({ baseUrl: base, httpVersion: "2", interceptors })],
  ])(
    "answers %s on the same port (Node's client sends an unbracketed ::1 authority)",
    async (_name, transport) => {
      const client = createClient(TenantService, transport());
      const tenant = await client.resolveTenant({ tenantId: "acme" });
      expect(tenant.plan).toBe("pro");
    },
  );

  it("maps typed errors to Connect codes and validates requests from the proto rules", async () => {
    const client = createClient(
      TenantService,
      createGrpcTransport({ baseUrl: base, interceptors }),
    );
    const notFound = await client
      .resolveTenant({ tenantId: "nobody" })
      .catch((e) => ConnectError.from(e));
    expect(notFound).toMatchObject({ code: Code.NotFound });
    expect((notFound as ConnectError).metadata.get("cpod-error-code")).toBe("not_found");
    const invalid = await client
      .resolveTenant({ tenantId: "../etc" })
      .catch((e) => ConnectError.from(e));
    expect(invalid).toMatchObject({ code: Code.InvalidArgument });
    expect((invalid as ConnectError).rawMessage).toContain("tenant_id");
    expect((invalid as ConnectError).rawMessage).not.toContain("../etc");
  });

  it("serves /healthz, /readyz and Prometheus /metrics with per-RPC counts and latency", async () => {
    const ops = `http://127.0.0.1:${running.opsAddress.port}`;
    expect(await (await fetch(`${ops}/healthz`)).json()).toEqual({ status: "ok" });
    expect((await fetch(`${ops}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toMatch(
      /coresdk_rpc_total\{method="coresdk\.v1\.TenantService\/ResolveTenant",code="ok"\} \d+/,
    );
    expect(metrics).toMatch(
      /coresdk_rpc_total\{method="coresdk\.v1\.TenantService\/ResolveTenant",code="NotFound"\} 1/,
    );
    expect(metrics).toContain("coresdk_rpc_duration_seconds_bucket");
  });
});

describe("the unbracketed-authority trap", () => {
  it("breaks a stock connect-node server on [::1], which is why the sidecar fixes it at the boundary", async () => {
    const handler = connectNodeAdapter({
      routes: (router) =>
        router.service(
          TenantService,
          createTenantService(new MemoryTenantDirectory([{ id: "acme" }])),
        ),
    });
    let failure: unknown;
    const server = http2.createServer((req, res) => {
      try {
        handler(req, res);
      } catch (error) {
        failure = error;
        res.writeHead(500).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "::1", resolve));
    const port = (server.address() as { port: number }).port;
    const client = createClient(
      TenantService,
      createGrpcTransport({ baseUrl: `http://[::1]:${port}` }),
    );
    await client.resolveTenant({ tenantId: "acme" }).catch(() => undefined);
    server.close();
    // Without the fix connect-node cannot build the request URL from "::1:<port>".
    expect(failure).toMatchObject({
      code: "ERR_INVALID_URL",
      base: expect.stringMatching(/^http:\/\/::1:\d+$/),
    });
  });
});

describe("graceful shutdown", () => {
  it("lets an in-flight call finish, refuses new ones, and leaves no session open", async () => {
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => {
      started = resolve;
    });
    const server = await listenSidecar({
      listen: { host: "127.0.0.1", port: 0 },
      routes: (router) =>
        router.service(TenantService, {
          async resolveTenant(req) {
            started();
            await new Promise((r) => setTimeout(r, 300));
            return { tenantId: req.tenantId, plan: "slow" };
          },
        }),
    });
    const client = createClient(
      TenantService,
      createGrpcTransport({ baseUrl: `http://127.0.0.1:${server.address.port}` }),
    );
    const call = client.resolveTenant({ tenantId: "acme" });
    await inFlight;
    const closed = server.close(5_000);
    expect((await call).plan).toBe("slow");
    // A leaked connection would have to be destroyed after the grace period: fail on it.
    expect(await closed).toEqual({ forcedSessions: 0 });
    const after = await client.resolveTenant({ tenantId: "acme" }).then(
      () => "answered",
      () => "refused",
    );
    expect(after).toBe("refused");
  });
});
