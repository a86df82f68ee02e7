import http2 from "node:http2";
import {
  create,
  type DescMessage,
  type DescMethodUnary,
  type DescService,
  fromBinary,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type HandlerContext } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditService, type EmitRequest } from "../../../gen/proto/coresdk/v1/audit_pb.js";
import { AuthService } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { MaskingService } from "../../../gen/proto/coresdk/v1/masking_pb.js";
import { PolicyService } from "../../../gen/proto/coresdk/v1/policy_pb.js";
import { RateLimitService } from "../../../gen/proto/coresdk/v1/rate_limit_pb.js";
import { TenantService } from "../../../gen/proto/coresdk/v1/tenant_pb.js";
import { GrpcCallError } from "../../../lib/grpc/grpc-call-error.js";
import { LeanGrpcClient } from "../../../lib/grpc/unary-client.js";
import { CallerGuard } from "../../../sidecar/caller/caller-guard.js";
import { SidecarError } from "../../../sidecar/errors/sidecar-error.js";
import { Masker } from "../../../sidecar/masking/masker.js";
import { createMaskingService } from "../../../sidecar/masking/masking-service.js";
import { listenSidecar, type RunningServer } from "../../../sidecar/server/http2-server.js";
import {
  errorInterceptor,
  metricsInterceptor,
  validationInterceptor,
} from "../../../sidecar/server/interceptors.js";
import { createLeanGrpc } from "../../../sidecar/server/lean-grpc.js";
import { createSidecarMetrics, type SidecarMetrics } from "../../../sidecar/server/metrics.js";
import { MemoryTenantDirectory } from "../../../sidecar/tenants/adapters/memory-tenant-directory.js";
import { createTenantService } from "../../../sidecar/tenants/tenant-service.js";
import { createTestPki, pem } from "../../helpers/certs.js";

/**
 * These tests are about the transport: no caller credential (as under mTLS, where the client
 * certificate stands in). caller-auth.test.ts tests the guard on the real sidecar.
 */
const TRANSPORT_ONLY = new CallerGuard({
  credential: undefined,
  validate: async () => ({ valid: false, reason: 1 }),
});

/** What a stock @grpc/grpc-js unary call ended with. */
type GrpcJsOutcome<T> = { message: T } | { error: grpc.ServiceError };

/**
 * A stock gRPC client: @grpc/grpc-js, with protobuf-es doing the (de)serialization. `path`
 * overrides the method's path, to call methods no server has.
 */
function grpcJsCall<I extends DescMessage, O extends DescMessage>(
  client: grpc.Client,
  method: DescMethodUnary<I, O>,
  request: MessageInitShape<I>,
  opts: { timeoutMs?: number; path?: string } = {},
): Promise<GrpcJsOutcome<MessageShape<O>>> {
  const path = opts.path ?? `/${method.parent.typeName}/${method.name}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (value: MessageShape<I>) => Buffer.from(toBinary(method.input, value)),
      (bytes: Buffer) => fromBinary(method.output, bytes),
      create(method.input, request),
      new grpc.Metadata(),
      { deadline },
      (error, message) => resolve(error ? { error } : { message: message as MessageShape<O> }),
    );
  });
}

function grpcJsError<T>(outcome: GrpcJsOutcome<T>): grpc.ServiceError {
  if ("error" in outcome) return outcome.error;
  throw new Error(`expected a gRPC error, got ${JSON.stringify(outcome.message)}`);
}

function grpcJsMessage<T>(outcome: GrpcJsOutcome<T>): T {
  if ("message" in outcome) return outcome.message;
  throw new Error(`expected a message, got ${outcome.error.code} ${outcome.error.details}`);
}

const validEmit: MessageInitShape<typeof AuditService.method.emit.input> = {
  tenantId: "acme",
  actor: { type: "app", id: "app_1" },
  action: "entities.read",
  resource: { type: "entity.people" },
  outcome: "success",
  status: 200,
  requestId: "req_1",
};

/** Small fakes for the lean methods, real services for the rest; wired like start.ts does. */
function fakeServices(): [DescService, object][] {
  const auth = {
    validateToken(req: { token: string }) {
      if (req.token === "boom") throw new Error("driver said: password=hunter2");
      if (req.token === "missing") throw new SidecarError("not_found", "no such key");
      return { valid: req.token === "good", claims: { sub: "app_1", tenantId: "acme" } };
    },
    authorize: () => ({ allow: true }),
  };
  const rateLimit = {
    check(_req: unknown, ctx: HandlerContext) {
      ctx.responseHeader.set("cpod-rate-limit-degraded", "store-unavailable");
      return { allowed: true, limit: 0 };
    },
  };
  // Emit never answers: the deadline is the only way out.
  const audit = { emit: (_req: EmitRequest) => new Promise<never>(() => undefined) };
  const tenants = new MemoryTenantDirectory([{ id: "acme", plan: "pro" }]);
  return [
    [AuthService, auth],
    [RateLimitService, rateLimit],
    [AuditService, audit],
    [MaskingService, createMaskingService(new Masker())],
    [TenantService, createTenantService(tenants)],
  ];
}

async function listen(opts: {
  lean: boolean;
  metrics: SidecarMetrics;
  log: unknown[];
  tls?: { certFile: string; keyFile: string; caFile: string };
}) {
  const services = fakeServices();
  const log = (error: unknown) => opts.log.push(error);
  return listenSidecar({
    listen: { host: "::1", port: 0 },
    tls: opts.tls,
    routes: (router) => {
      for (const [service, impl] of services) router.service(service, impl as never);
    },
    interceptors: [
      metricsInterceptor(opts.metrics),
      errorInterceptor(log),
      validationInterceptor(),
    ],
    lean: opts.lean
      ? createLeanGrpc({ services, metrics: opts.metrics, log, guard: TRANSPORT_ONLY })
      : undefined,
  });
}

describe("the lean gRPC path on the sidecar's HTTP/2 port [::1], with stock clients", () => {
  const logged: unknown[] = [];
  const metrics = createSidecarMetrics();
  let server: RunningServer;
  let base: string;
  let grpcJs: grpc.Client;
  let lean: LeanGrpcClient;

  beforeAll(async () => {
    server = await listen({ lean: true, metrics, log: logged });
    base = `http://[::1]:${server.address.port}`;
    grpcJs = new grpc.Client(`[::1]:${server.address.port}`, grpc.credentials.createInsecure());
    lean = new LeanGrpcClient({ baseUrl: base });
  });
  afterAll(async () => {
    grpcJs?.close();
    await lean?.close();
    await server?.close(100);
  });

  it("serves exactly the listed methods the services implement", () => {
    const dispatcher = createLeanGrpc({
      services: fakeServices(),
      log: () => undefined,
      guard: TRANSPORT_ONLY,
    });
    expect(dispatcher.methods.sort()).toEqual([
      "coresdk.v1.AuditService/Emit",
      "coresdk.v1.AuthService/Authorize",
      "coresdk.v1.AuthService/ValidateToken",
      "coresdk.v1.RateLimitService/Check",
    ]);
  });

  it("LeanGrpcClient calls a lean method, and reads the rate-limit response header", async () => {
    const reply = await lean.call(
      AuthService.method.validateToken,
      { token: "good" },
      {
        timeoutMs: 5_000,
      },
    );
    expect(reply).toMatchObject({ valid: true, claims: { tenantId: "acme" } });
    const check = await lean.callWithMetadata(RateLimitService.method.check, {
      tenantId: "acme",
      appId: "app_1",
      routeClass: "default",
    });
    expect(check.message.allowed).toBe(true);
    expect(check.headers["cpod-rate-limit-degraded"]).toBe("store-unavailable");
    // Answered by the lean path, not connect-node: only the lean path sends grpc-accept-encoding.
    expect(check.headers["grpc-accept-encoding"]).toBe("identity");
    const masked = await lean.callWithMetadata(MaskingService.method.maskString, { text: "x" });
    expect(masked.headers["grpc-accept-encoding"]).toBeUndefined();
  });

  it("@grpc/grpc-js calls a lean method and gets the answer", async () => {
    const outcome = await grpcJsCall(grpcJs, AuthService.method.validateToken, { token: "good" });
    expect(grpcJsMessage(outcome)).toMatchObject({ valid: true, claims: { sub: "app_1" } });
  });

  it("@grpc/grpc-js gets INVALID_ARGUMENT with cpod-error-code for a request breaking a rule", async () => {
    const error = grpcJsError(
      await grpcJsCall(grpcJs, AuthService.method.validateToken, { token: "" }),
    );
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toBe("invalid request: token: string.min_len");
    expect(error.metadata.get("cpod-error-code")).toEqual(["validation_failed"]);
  });

  it("@grpc/grpc-js gets a typed error's code and cpod-error-code, and INTERNAL with no internals for a bug", async () => {
    const missing = grpcJsError(
      await grpcJsCall(grpcJs, AuthService.method.validateToken, { token: "missing" }),
    );
    expect([missing.code, missing.details]).toEqual([grpc.status.NOT_FOUND, "no such key"]);
    expect(missing.metadata.get("cpod-error-code")).toEqual(["not_found"]);
    const bug = grpcJsError(
      await grpcJsCall(grpcJs, AuthService.method.validateToken, { token: "boom" }),
    );
    expect([bug.code, bug.details]).toEqual([grpc.status.INTERNAL, "internal error"]);
    expect(JSON.stringify(bug.metadata.getMap())).not.toContain("hunter2");
    expect(String(logged.at(-1))).toContain("hunter2");
  });

  it("@grpc/grpc-js gets DEADLINE_EXCEEDED when the implementation never answers", async () => {
    const outcome = await grpcJsCall(grpcJs, AuditService.method.emit, validEmit, {
      timeoutMs: 50,
    });
    expect(grpcJsError(outcome).code).toBe(grpc.status.DEADLINE_EXCEEDED);
    // The local client and the server's own deadline agree.
    const error = await lean
      .call(AuditService.method.emit, validEmit, { timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrpcCallError);
    expect(error).toMatchObject({ status: grpc.status.DEADLINE_EXCEEDED });
  });

  it.each([
    ["a service the sidecar does not serve", "/coresdk.v1.PolicyService/Evaluate"],
    ["a method a served service does not have", "/coresdk.v1.AuthService/NoSuchMethod"],
    ["a path that is no method at all", "/nothing"],
  ])(
    "@grpc/grpc-js gets UNIMPLEMENTED, with a message naming the method, for %s",
    async (_name, path) => {
      const outcome = await grpcJsCall(
        grpcJs,
        AuthService.method.validateToken,
        { token: "x" },
        {
          path,
        },
      );
      const error = grpcJsError(outcome);
      expect(error.code).toBe(grpc.status.UNIMPLEMENTED);
      expect(error.details).toContain(path.slice(1));
    },
  );

  it("connect-node's gRPC client calls a lean method, and gets Unimplemented for an unknown one", async () => {
    // createGrpcTransport is always HTTP/2.
    const transport = createGrpcTransport({ baseUrl: base });
    const auth = createClient(AuthService, transport);
    expect((await auth.validateToken({ token: "good" })).valid).toBe(true);
    const policy = createClient(PolicyService, transport);
    const error = await policy.evaluate({}).catch((e: unknown) => ConnectError.from(e));
    expect(error).toMatchObject({ code: Code.Unimplemented });
  });

  it("leaves the other methods to connect-node over gRPC (stock client) and Connect", async () => {
    const masked = grpcJsMessage(
      await grpcJsCall(grpcJs, MaskingService.method.maskString, { text: "mail a@b.example" }),
    );
    expect(masked.text).not.toContain("a@b.example");
    const connect = createClient(
      MaskingService,
      createConnectTransport({ baseUrl: base, httpVersion: "2" }),
    );
    expect((await connect.maskString({ text: "mail a@b.example" })).text).toBe(masked.text);
    // A served method with no implementation is connect-node's Unimplemented, with grpc-status.
    const reset = grpcJsError(
      await grpcJsCall(grpcJs, RateLimitService.method.reset, {
        tenantId: "acme",
      }),
    );
    expect(reset.code).toBe(grpc.status.UNIMPLEMENTED);
  });

  it("leaves gRPC-Web to connect-node, lean methods included", async () => {
    const transport = createGrpcWebTransport({ baseUrl: base, httpVersion: "2" });
    const client = createClient(AuthService, transport);
    const contentTypes: (string | null)[] = [];
    const reply = await client.validateToken(
      { token: "good" },
      { onHeader: (headers) => contentTypes.push(headers.get("content-type")) },
    );
    expect(reply.valid).toBe(true);
    expect(contentTypes).toEqual(["application/grpc-web+proto"]);
    const tenants = createClient(TenantService, transport);
    expect((await tenants.resolveTenant({ tenantId: "acme" })).plan).toBe("pro");
  });

  it("counts lean calls in the same metrics, with the same labels, as connect-node's", async () => {
    const text = await metrics.registry.metrics();
    const count = (method: string, code: string) =>
      text.match(
        new RegExp(
          `coresdk_rpc_total\\{method="coresdk\\.v1\\.${method}",code="${code}"\\} (\\d+)`,
        ),
      )?.[1];
    expect(Number(count("AuthService/ValidateToken", "ok"))).toBeGreaterThanOrEqual(3);
    expect(count("AuthService/ValidateToken", "InvalidArgument")).toBe("1");
    expect(count("AuthService/ValidateToken", "NotFound")).toBe("1");
    expect(count("AuthService/ValidateToken", "Internal")).toBe("1");
    // The two never-answered Emits (50 ms deadlines): the server's deadline timer and the
    // client's own race, so each is counted as DeadlineExceeded or, when the client's reset came
    // first, Canceled — but counted exactly once.
    const ended = (c: string) => Number(count("AuditService/Emit", c) ?? 0);
    expect(ended("DeadlineExceeded") + ended("Canceled")).toBe(2);
    expect(count("MaskingService/MaskString", "ok")).toBe("3");
    expect(text).toMatch(
      /coresdk_rpc_duration_seconds_count\{method="coresdk\.v1\.AuthService\/ValidateToken"\} \d+/,
    );
  });
});

/** The response headers of one raw gRPC request (what any client sees first). */
async function rawGrpcHeaders(port: number, path: string): Promise<http2.IncomingHttpHeaders> {
  const session = http2.connect(`http://[::1]:${port}`);
  try {
    const stream = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc",
      te: "trailers",
    });
    stream.end(Buffer.from([0, 0, 0, 0, 0]));
    stream.resume();
    return await new Promise((resolve) => stream.once("response", resolve));
  } finally {
    session.close();
  }
}

describe("an unknown gRPC method, with and without the lean dispatcher", () => {
  it.each([
    // connect-node alone: HTTP 404 and no grpc-status; clients have to guess from the HTTP status
    // (grpc-js says "Received HTTP status code 404").
    [false, [404, undefined, undefined]],
    // The spec's answer: HTTP 200, trailers-only, grpc-status 12 naming the method.
    [true, [200, "12", "unknown method coresdk.v1.PolicyService/Evaluate"]],
  ])("lean=%s answers [HTTP status, grpc-status, grpc-message] = %j", async (withLean, want) => {
    const server = await listen({ lean: withLean, metrics: createSidecarMetrics(), log: [] });
    const headers = await rawGrpcHeaders(server.address.port, "/coresdk.v1.PolicyService/Evaluate");
    await server.close(100);
    expect([headers[":status"], headers["grpc-status"], headers["grpc-message"]]).toEqual(want);
  });
});

describe("closing after lean calls", () => {
  it("drains: clients that made lean calls let go on GOAWAY, no session is destroyed", async () => {
    const server = await listen({ lean: true, metrics: createSidecarMetrics(), log: [] });
    const port = server.address.port;
    const leanClient = new LeanGrpcClient({ baseUrl: `http://[::1]:${port}` });
    const stock = new grpc.Client(`[::1]:${port}`, grpc.credentials.createInsecure());
    await leanClient.call(AuthService.method.validateToken, { token: "good" });
    grpcJsMessage(await grpcJsCall(stock, AuthService.method.validateToken, { token: "good" }));
    // Neither client is closed first: a leaked connection would have to be destroyed.
    expect(await server.close(5_000)).toEqual({ forcedSessions: 0 });
    stock.close();
    await leanClient.close();
  });
});

describe("the lean path behind mTLS (the sidecar's TLS server, allowHTTP1 on)", () => {
  it("serves LeanGrpcClient and @grpc/grpc-js with client certificates, and refuses without", async () => {
    const pki = createTestPki("lean");
    const tls = { certFile: pki.serverCert, keyFile: pki.serverKey, caFile: pki.caCert };
    const server = await listen({ lean: true, metrics: createSidecarMetrics(), log: [], tls });
    const baseUrl = `https://[::1]:${server.address.port}`;
    const ca = pem(pki.caCert);
    const withCert = new LeanGrpcClient({
      baseUrl,
      tls: { ca, cert: pem(pki.clientCert), key: pem(pki.clientKey) },
    });
    const withoutCert = new LeanGrpcClient({ baseUrl, tls: { ca } });
    const stock = new grpc.Client(
      `[::1]:${server.address.port}`,
      grpc.credentials.createSsl(ca, pem(pki.clientKey), pem(pki.clientCert)),
    );
    try {
      const reply = await withCert.callWithMetadata(AuthService.method.validateToken, {
        token: "good",
      });
      expect(reply.message.valid).toBe(true);
      expect(reply.headers["grpc-accept-encoding"]).toBe("identity");
      const outcome = await grpcJsCall(stock, AuthService.method.validateToken, { token: "good" });
      expect(grpcJsMessage(outcome).valid).toBe(true);
      const refused = await withoutCert
        .call(AuthService.method.validateToken, { token: "good" })
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: grpc.status.UNAVAILABLE });
    } finally {
      stock.close();
      await withCert.close();
      await withoutCert.close();
      await server.close(100);
    }
  });
});
