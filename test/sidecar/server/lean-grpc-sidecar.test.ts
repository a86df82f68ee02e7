import { create, type DescMethodUnary, fromBinary, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthService } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { RateLimitService } from "../../../gen/proto/coresdk/v1/rate_limit_pb.js";
import { LeanGrpcClient } from "../../../lib/grpc/unary-client.js";
import { CallerGuard } from "../../../sidecar/caller/caller-guard.js";
import { createLeanGrpc, LEAN_METHODS } from "../../../sidecar/server/lean-grpc.js";
import { servicePairs } from "../../../sidecar/services/registry.js";
import { type RunningSidecar, startSidecar } from "../../../sidecar/start.js";
import { MemoryTenantDirectory } from "../../../sidecar/tenants/adapters/memory-tenant-directory.js";
import { bufCurl } from "../../helpers/buf-curl.js";
import { CALLER_HEADERS, testSidecarConfig, withCallerCredential } from "../../helpers/sidecar.js";
import { createSigner, serveJwks, TEST_AUDIENCE, TEST_ISSUER } from "../../helpers/tokens.js";

type Json = Record<string, unknown>;

/** grpc-js metadata carrying the test sidecar's caller credential. */
function callerMetadata(): grpc.Metadata {
  const metadata = new grpc.Metadata();
  for (const [name, value] of Object.entries(CALLER_HEADERS)) metadata.set(name, value);
  return metadata;
}

const emit = {
  tenantId: "acme",
  actor: { type: "app", id: "app_1" },
  action: "entities.read",
  resource: { type: "entity.people", id: "per_1" },
  outcome: "success",
  status: 200,
  requestId: "req_1",
};
const admit = {
  token: "not.a.jwt",
  action: "entities.read",
  resourceType: "entity",
  routeClass: "default",
};

/**
 * ── STOCK-CLIENT SAMPLES: one row per lean method. ──
 * A method served lean by the real registry without a row here fails the first test below, so a
 * new lean method (Admit, AdmitBatch, EmitBatch landed this way) gets a stock-client test in one
 * line: a request that passes validation and what the answer must contain.
 */
const SAMPLES: Record<string, { request: Json; want: Json }> = {
  "coresdk.v1.AuthService/ValidateToken": {
    request: { token: "not.a.jwt" },
    want: { valid: false, reason: 1 /* TOKEN_REJECT_REASON_MALFORMED */ },
  },
  "coresdk.v1.AuthService/Authorize": {
    request: {
      subject: { tenantId: "acme", appId: "app_1", scopes: ["entities.read"] },
      action: "entities.read",
      resource: { type: "entity", id: "per_1", tenantId: "acme" },
    },
    want: { allow: true },
  },
  "coresdk.v1.RateLimitService/Check": {
    request: { tenantId: "acme", appId: "app_1", routeClass: "default" },
    want: { allowed: true },
  },
  "coresdk.v1.AuditService/Emit": {
    request: emit,
    want: { record: { tenantId: "acme", requestId: "req_1" } },
  },
  "coresdk.v1.AuditService/EmitBatch": {
    request: { records: [{ ...emit, requestId: "req_2" }] },
    want: { results: [{ result: { case: "record" } }] },
  },
  "coresdk.v1.AdmissionService/Admit": {
    request: admit,
    want: { verdict: 2 /* ADMIT_VERDICT_TOKEN_REJECTED */ },
  },
  "coresdk.v1.AdmissionService/AdmitBatch": {
    request: { requests: [admit, admit] },
    want: { results: [{ verdict: 2 }, { verdict: 2 }] },
  },
};

/**
 * Lean methods the registry does not serve yet (their service is still being written). Empty:
 * every LEAN_METHODS entry is served lean. A method listed here must be absent, and one missing
 * must be listed here, so neither can pass unnoticed.
 */
const NOT_YET_IN_REGISTRY = new Set<string>();

/** The real sidecar (start.ts wiring) on [::1], with stock clients: @grpc/grpc-js and buf curl. */
describe("the real sidecar's lean gRPC methods, with stock clients", () => {
  let running: RunningSidecar;
  let stock: grpc.Client;
  let lean: LeanGrpcClient;
  let served: string[];
  let methods: Map<string, DescMethodUnary>;
  let jwks: Awaited<ReturnType<typeof serveJwks>>;

  beforeAll(async () => {
    jwks = await serveJwks([(await createSigner()).publicJwk]);
    const config = testSidecarConfig({
      CORESDK_LISTEN_ADDR: "[::1]:0",
      CORESDK_JWKS_URL: jwks.url,
      CORESDK_JWT_ISSUER: TEST_ISSUER,
      CORESDK_JWT_AUDIENCE: TEST_AUDIENCE,
    });
    running = await startSidecar(config, {
      overrides: { tenants: new MemoryTenantDirectory([{ id: "acme", plan: "pro" }]) },
    });
    const pairs = servicePairs(running.sidecar.implementations);
    const guard = new CallerGuard({
      credential: undefined,
      validate: running.sidecar.validateToken,
    });
    served = createLeanGrpc({ services: pairs, log: () => undefined, guard }).methods;
    methods = new Map(
      pairs.flatMap(([service]) =>
        service.methods.map((m) => [`${service.typeName}/${m.name}`, m as DescMethodUnary]),
      ),
    );
    stock = new grpc.Client(`[::1]:${running.address.port}`, grpc.credentials.createInsecure());
    lean = new LeanGrpcClient({
      baseUrl: `http://[::1]:${running.address.port}`,
      headers: CALLER_HEADERS,
    });
  });
  afterAll(async () => {
    stock?.close();
    await lean?.close();
    await running?.close(100);
    await jwks?.close();
  });

  it("serves every LEAN_METHODS entry the registry has, and has a stock-client sample for each", () => {
    const expected = LEAN_METHODS.filter((name) => !NOT_YET_IN_REGISTRY.has(name));
    expect([...served].sort()).toEqual([...expected].sort());
    expect(served.filter((name) => !SAMPLES[name])).toEqual([]);
  });

  it.each(Object.keys(SAMPLES))("@grpc/grpc-js calls %s and gets its answer", async (name) => {
    const method = methods.get(name);
    const sample = SAMPLES[name];
    if (!method || !sample)
      throw new Error(`${name} is not served (list it in NOT_YET_IN_REGISTRY?)`);
    const answer = await new Promise<unknown>((resolve, reject) =>
      stock.makeUnaryRequest(
        `/${name}`,
        (value: Json) => Buffer.from(toBinary(method.input, create(method.input, value))),
        (bytes: Buffer) => fromBinary(method.output, bytes),
        sample.request,
        callerMetadata(),
        { deadline: Date.now() + 10_000 },
        (error, value) => (error ? reject(error) : resolve(value)),
      ),
    );
    expect(answer).toMatchObject(sample.want);
  });

  it("buf curl (gRPC, HTTP/2 prior knowledge, offline schema) gets a JSON answer from [::1]", async () => {
    const url = `http://[::1]:${running.address.port}/coresdk.v1.AuthService/ValidateToken`;
    expect(await bufCurl(url, { token: "x" })).toEqual({ reason: "TOKEN_REJECT_REASON_MALFORMED" });
  });

  it.each([
    [
      "coresdk.v1.AdmissionService/Admit",
      admit,
      {
        verdict: "ADMIT_VERDICT_TOKEN_REJECTED",
        tokenRejectReason: "TOKEN_REJECT_REASON_MALFORMED",
      },
    ],
    [
      "coresdk.v1.AuditService/EmitBatch",
      { records: [{ ...emit, requestId: "req_buf" }] },
      {
        results: [{ record: expect.objectContaining({ tenantId: "acme", requestId: "req_buf" }) }],
      },
    ],
  ])("buf curl calls %s", async (name, body, want) => {
    const answer = await bufCurl(`http://[::1]:${running.address.port}/${name}`, body);
    expect(answer).toMatchObject(want);
  });

  it.each(Object.keys(SAMPLES))("connect-node's gRPC client calls %s", async (name) => {
    const method = methods.get(name);
    const sample = SAMPLES[name];
    if (!method || !sample) throw new Error(`${name} is not served`);
    const transport = createGrpcTransport({
      baseUrl: `http://[::1]:${running.address.port}`,
      interceptors: [withCallerCredential],
    });
    const client = createClient(method.parent, transport) as unknown as Record<
      string,
      (request: unknown) => Promise<unknown>
    >;
    const call = client[method.localName];
    if (!call) throw new Error(`no client method ${method.localName}`);
    const answer = await call(create(method.input, sample.request));
    expect(answer).toMatchObject(sample.want);
  });

  it("LeanGrpcClient checks a real rate limit on the lean path and sees it counted on /metrics", async () => {
    const { message: check, headers } = await lean.callWithMetadata(
      RateLimitService.method.check,
      { tenantId: "acme", appId: "app_2", routeClass: "default" },
      { timeoutMs: 5_000 },
    );
    expect(check).toMatchObject({ allowed: true });
    expect(check.limit).toBeGreaterThan(0);
    // start.ts wires the lean path: only it sends grpc-accept-encoding (connect-node does not).
    expect(headers["grpc-accept-encoding"]).toBe("identity");
    await lean.call(AuthService.method.validateToken, { token: "x" });
    const ops = `http://127.0.0.1:${running.opsAddress.port}`;
    const text = await (await fetch(`${ops}/metrics`)).text();
    expect(text).toMatch(
      /coresdk_rpc_total\{method="coresdk\.v1\.RateLimitService\/Check",code="ok"\} [1-9]/,
    );
    expect(text).toMatch(
      /coresdk_rpc_total\{method="coresdk\.v1\.AuthService\/ValidateToken",code="ok"\} [1-9]/,
    );
  });
});
