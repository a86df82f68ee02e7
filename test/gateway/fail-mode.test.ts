import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { AdmitResponseSchema, AdmitVerdict } from "../../gen/proto/coresdk/v1/admission_pb.js";
import { ErrorCode } from "../../gen/proto/coresdk/v1/errors_pb.js";
import { gatewaySchemaDocument } from "../../gen/routes/gateway.js";
import {
  type AdmissionClient,
  type FailMode,
  requestPath,
} from "../../server/gateway/request-path/request-path.js";
import { requestState } from "../../server/gateway/request-path/request-state.js";
import { createServer } from "../../server/shared/http/build-server.js";

/** A sidecar whose auth works but whose rate limiter's store is unreachable. */
const limiterDown: AdmissionClient = {
  admit: async () =>
    create(AdmitResponseSchema, {
      verdict: AdmitVerdict.FAILED,
      claims: { tenantId: "ten_a", appId: "app_1", sub: "app_1" },
      failure: {
        code: ErrorCode.UNAVAILABLE,
        message: "rate limit store unavailable",
        step: "Check",
      },
    }),
};

/** A sidecar that cannot be reached at all: nothing is verified, so both modes fail closed. */
const sidecarDown: AdmissionClient = {
  admit: async () => {
    throw new ConnectError("connect ECONNREFUSED", Code.Unavailable);
  },
};

async function appWith(failMode: FailMode, sidecar = limiterDown) {
  const app = await createServer({ schemaDocument: gatewaySchemaDocument, routes: [] });
  await app.register(requestState);
  await app.register(requestPath, { sidecar, failMode });
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

  it.each(["closed", "open"] as const)("%s → 503 when the sidecar is unreachable", async (mode) => {
    const app = await appWith(mode, sidecarDown);
    const res = await app.inject({ url: "/thing", headers: { authorization: "Bearer t.k.n" } });
    expect(res.statusCode).toBe(503);
    expect(res.headers["retry-after"]).toBe("1");
    await app.close();
  });
});
