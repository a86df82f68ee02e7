// Issue #13 item 15: with the sidecar's MongoDB audit store down, the audit routes answer 503
// with Retry-After within about a second (the store fails fast as `unavailable`) instead of a
// 504 after the gateway's deadline; the records of those requests wait in the durable queue and
// reach the chain once the database is back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditSettled } from "../../server/gateway/app.js";
import { hasServer, type PrivateServer, privateFerretDb } from "../helpers/private-server.js";
import { bearer, startWireStack, type WireStack } from "./harness.js";

describe.skipIf(!hasServer("ferretdb"))(
  "audit routes while the MongoDB audit store is down",
  () => {
    let ferret: PrivateServer;
    let stack: WireStack;
    let auth: Record<string, string>;
    beforeAll(async () => {
      ferret = (await privateFerretDb()) as PrivateServer;
      stack = await startWireStack({}, () => {}, { CPOD_MONGO_URL: ferret.url });
      auth = bearer(await stack.token("ten_alpha", { scopes: "audit.read" }));
    }, 60_000);
    afterAll(async () => {
      await stack?.close();
      await ferret?.close();
    });

    it("answers 503 + Retry-After promptly, and the records of those requests arrive later", async () => {
      const ok = await stack.gateway.inject({
        method: "GET",
        url: "/v1/audit/events",
        headers: auth,
      });
      expect(ok.statusCode).toBe(200);
      await auditSettled(stack.gateway);
      await ferret.stop();
      const started = performance.now();
      const down = await stack.gateway.inject({
        method: "GET",
        url: "/v1/audit/events",
        headers: { ...auth, "x-request-id": "down-req-0001" },
      });
      expect(down.statusCode).toBe(503);
      expect(down.headers["retry-after"]).toBeDefined();
      expect(down.json()).toMatchObject({ code: "unavailable" });
      expect(performance.now() - started).toBeLessThan(4_000);
      await ferret.start();
      await auditSettled(stack.gateway);
      const page = await stack.gateway.inject({
        method: "GET",
        url: "/v1/audit/events?limit=500",
        headers: auth,
      });
      const ids = page.json().items.map((r: { request_id: string }) => r.request_id);
      expect(ids).toContain("down-req-0001");
      const verify = await stack.gateway.inject({
        method: "GET",
        url: "/v1/audit/verify",
        headers: auth,
      });
      expect(verify.json()).toMatchObject({ valid: true });
    }, 60_000);
  },
);
