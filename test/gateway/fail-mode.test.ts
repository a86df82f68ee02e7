import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { TokenClaimsSchema } from "../../gen/proto/coresdk/v1/auth_pb.js";
import { gatewaySchemaDocument } from "../../gen/routes/gateway.js";
import {
  type FailMode,
  installRequestPath,
} from "../../server/gateway/request-path/request-path.js";
import type { SidecarClient } from "../../server/gateway/sidecar/sidecar-client.js";
import { createServer } from "../../server/shared/http/build-server.js";

/** A sidecar whose auth works but whose rate limiter is unreachable. */
const limiterDown = {
  validateToken: async () => ({
    valid: true,
    claims: create(TokenClaimsSchema, { tenantId: "ten_a", appId: "app_1", sub: "app_1" }),
  }),
  authorize: async () => ({ allow: true, reasons: [] }),
  checkRate: async () => {
    throw new ConnectError("connect ECONNREFUSED", Code.Unavailable);
  },
} as unknown as SidecarClient;

async function appWith(failMode: FailMode) {
  const app = await createServer({ schemaDocument: gatewaySchemaDocument });
  installRequestPath(app, { sidecar: limiterDown, failMode });
  app.get("/thing", {
    config: { operationId: "listThings", security: { kind: "oauth2", scopes: ["kv.read"] } },
    handler: async () => ({ ok: true }),
  });
  return app;
}

describe("CORESDK_FAIL_MODE for the rate-limit step", () => {
  it.each([
    ["closed", 503],
    ["open", 200],
  ] as const)("%s → %i when the limiter is unreachable", async (mode, status) => {
    const app = await appWith(mode);
    const res = await app.inject({ url: "/thing", headers: { authorization: "Bearer t.k.n" } });
    expect(res.statusCode).toBe(status);
    expect(res.headers["ratelimit-limit"]).toBeUndefined();
    await app.close();
  });
});
