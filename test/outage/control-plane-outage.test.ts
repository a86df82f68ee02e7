// Issue #13 item 14, control plane: tenants, apps, OAuth tokens and readiness against a private
// PostgreSQL that is killed and brought back — on the control plane as its composition root
// builds it (openPgClient with its bounds), and through the gateway, which forwards the 503
// and its Retry-After from the control plane.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildControlPlane } from "../../server/control-plane/app.js";
import {
  ADMIN,
  ADMIN_TOKEN,
  createApp,
  FORM,
  listen,
  TEST_MASTER_KEY,
} from "../control-plane/helpers.js";
import { type Stack, startStack } from "../gateway/harness.js";
import { hasServer, type PrivateServer, privatePostgres } from "../helpers/private-server.js";
import { expectRecovers, expectUnavailable, injected } from "./expect-outage.js";

describe.skipIf(!hasServer("postgres"))("control plane outage (private PostgreSQL)", () => {
  let postgres: PrivateServer;
  let cp: FastifyInstance;
  let stack: Stack;
  let client: { client_id: string; client_secret: string };
  const tenants = () =>
    cp.inject({ method: "GET", url: "/v1/tenants", headers: ADMIN }).then(injected);
  const appsViaGateway = () =>
    stack.gateway.inject({ method: "GET", url: "/v1/oauth/apps", headers: ADMIN }).then(injected);
  const token = () =>
    cp
      .inject({
        method: "POST",
        url: "/v1/oauth/token",
        headers: FORM,
        payload: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: client.client_id,
          client_secret: client.client_secret,
        }).toString(),
      })
      .then(injected);

  beforeAll(async () => {
    postgres = (await privatePostgres()) as PrivateServer;
    cp = await buildControlPlane({
      sidecar: null,
      config: { postgresUrl: postgres.url, adminToken: ADMIN_TOKEN, masterKey: TEST_MASTER_KEY },
    });
    const url = await listen(cp);
    client = await createApp(cp);
    stack = await startStack({ controlPlaneUrl: url });
  }, 90_000);
  afterAll(async () => {
    await stack?.close();
    await cp?.close().catch(() => {});
    await postgres?.close();
  });

  it("PostgreSQL killed → admin routes, the token endpoint and the gateway's app routes answer 503 with Retry-After fast; /readyz says not ready; back → works", async () => {
    expect((await tenants()).status).toBe(200);
    expect((await token()).status).toBe(200);
    expect((await appsViaGateway()).status).toBe(200);
    await postgres.stop();
    await expectUnavailable(tenants, "postgres killed, control plane GET /v1/tenants");
    await expectUnavailable(token, "postgres killed, control plane POST /v1/oauth/token");
    await expectUnavailable(appsViaGateway, "postgres killed, gateway GET /v1/oauth/apps");
    const ready = await expectUnavailable(
      () => cp.inject({ method: "GET", url: "/readyz" }).then(injected),
      "postgres killed, control plane /readyz",
    );
    expect(ready).toBeGreaterThanOrEqual(0);
    await postgres.start();
    await expectRecovers(tenants, 200);
    await expectRecovers(token, 200);
    await expectRecovers(appsViaGateway, 200);
    expect((await cp.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
  });
});
