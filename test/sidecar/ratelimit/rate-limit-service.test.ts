// RateLimitService at two levels (STYLE.md habit 8): the implementation called directly, and
// through an in-memory router transport with the sidecar's real interceptors. No network, and a
// fake clock: the limiter is the in-process adapter.
import { create } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createClient,
  createHandlerContext,
  createRouterTransport,
  type HandlerContext,
} from "@connectrpc/connect";
import { beforeEach, describe, expect, it } from "vitest";
import {
  CheckRequestSchema,
  RateLimitService,
  ResetRequestSchema,
} from "../../../gen/proto/coresdk/v1/rate_limit_pb.js";
import { ERROR_CODE_HEADER, SidecarError } from "../../../sidecar/errors/sidecar-error.js";
import { MemoryRateLimiter } from "../../../sidecar/ratelimit/adapters/memory-rate-limiter.js";
import {
  createRateLimitService,
  DEGRADED_HEADER,
} from "../../../sidecar/ratelimit/rate-limit-service.js";
import { type RateLimiter, RateLimitStoreError } from "../../../sidecar/ratelimit/rate-limiter.js";
import { errorInterceptor, validationInterceptor } from "../../../sidecar/server/interceptors.js";
import { MemoryTenantDirectory } from "../../../sidecar/tenants/adapters/memory-tenant-directory.js";

const tenants = new MemoryTenantDirectory([
  { id: "acme", plan: "free" },
  { id: "bigco", plan: "pro" },
  { id: "frozen", plan: "free", status: "suspended" },
]);

/** A limiter whose store is down. */
const downLimiter: RateLimiter = {
  check: () => Promise.reject(new RateLimitStoreError("connection refused")),
  reset: () => Promise.reject(new RateLimitStoreError("connection refused")),
};

function context(): HandlerContext {
  const method = RateLimitService.method.check;
  return createHandlerContext({
    service: RateLimitService,
    method,
    protocolName: "test",
    requestMethod: "POST",
    url: "http://test/coresdk.v1.RateLimitService/Check",
  });
}

const checkReq = (init: { tenantId: string; appId?: string; routeClass?: string; cost?: number }) =>
  create(CheckRequestSchema, { appId: "app1", routeClass: "default", ...init });

describe("RateLimitService (direct)", () => {
  let now: number;
  let service: ReturnType<typeof createRateLimitService>;
  beforeEach(() => {
    now = 0;
    const limiter = new MemoryRateLimiter({ now: () => now });
    service = createRateLimitService({ limiter, tenants, failMode: "closed" });
  });

  it("limits a free tenant to 100 per 10 s, with RateLimit-* values", async () => {
    for (let i = 0; i < 99; i++) await service.check(checkReq({ tenantId: "acme" }), context());
    const last = await service.check(checkReq({ tenantId: "acme" }), context());
    expect(last).toMatchObject({ allowed: true, limit: 100, remaining: 0, resetMs: 10_000 });
    now += 4_000;
    const refused = await service.check(checkReq({ tenantId: "acme" }), context());
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 6_000 });
    now += 6_000;
    expect((await service.check(checkReq({ tenantId: "acme" }), context())).allowed).toBe(true);
  });

  it("keys by tenant, app and route class; plans set the limit", async () => {
    await service.check(checkReq({ tenantId: "acme", cost: 100 }), context());
    const other = [
      checkReq({ tenantId: "acme", appId: "app2" }),
      checkReq({ tenantId: "acme", routeClass: "files.write" }),
    ];
    for (const req of other) expect((await service.check(req, context())).remaining).toBe(99);
    const pro = await service.check(checkReq({ tenantId: "bigco", cost: 10 }), context());
    expect(pro).toMatchObject({ allowed: true, limit: 1000, remaining: 990 });
  });

  it("unknown tenant is not_found; a suspended one is refused without charging", async () => {
    const unknown = service.check(checkReq({ tenantId: "nobody" }), context());
    await expect(unknown).rejects.toMatchObject({ errorCode: "not_found" });
    const frozen = await service.check(checkReq({ tenantId: "frozen" }), context());
    expect(frozen).toMatchObject({
      allowed: false,
      limit: 100,
      remaining: 0,
      retryAfterMs: 10_000,
    });
  });

  it("a cost above the plan's limit is validation_failed (it could never fit)", async () => {
    const tooBig = service.check(checkReq({ tenantId: "acme", cost: 101 }), context());
    await expect(tooBig).rejects.toMatchObject({ errorCode: "validation_failed" });
  });

  it("reset clears by scope and counts what it cleared", async () => {
    await service.check(checkReq({ tenantId: "acme", cost: 100 }), context());
    await service.check(checkReq({ tenantId: "acme", appId: "app2" }), context());
    const one = await service.reset(
      create(ResetRequestSchema, { tenantId: "acme", appId: "app1" }),
      context(),
    );
    expect(one.cleared).toBe(1);
    expect((await service.check(checkReq({ tenantId: "acme" }), context())).remaining).toBe(99);
    const all = await service.reset(create(ResetRequestSchema, { tenantId: "acme" }), context());
    expect(all.cleared).toBe(2);
  });
});

describe("RateLimitService when the store is down", () => {
  it("closed: unavailable; Reset is unavailable too", async () => {
    const service = createRateLimitService({ limiter: downLimiter, tenants, failMode: "closed" });
    const check = service.check(checkReq({ tenantId: "acme" }), context());
    await expect(check).rejects.toMatchObject({ errorCode: "unavailable" });
    const reset = service.reset(create(ResetRequestSchema, { tenantId: "acme" }), context());
    await expect(reset).rejects.toMatchObject({ errorCode: "unavailable" });
  });

  it("open: allowed, marked by limit 0 and the degraded header", async () => {
    const service = createRateLimitService({ limiter: downLimiter, tenants, failMode: "open" });
    const ctx = context();
    const res = await service.check(checkReq({ tenantId: "acme" }), ctx);
    expect(res).toMatchObject({ allowed: true, limit: 0, remaining: 0, retryAfterMs: 0 });
    expect(ctx.responseHeader.get(DEGRADED_HEADER)).toBe("store-unavailable");
  });

  it("open still refuses unknown tenants, and bugs are not mistaken for an outage", async () => {
    const buggy: RateLimiter = {
      ...downLimiter,
      check: () => Promise.reject(new TypeError("bug")),
    };
    const service = createRateLimitService({ limiter: buggy, tenants, failMode: "open" });
    await expect(service.check(checkReq({ tenantId: "acme" }), context())).rejects.toThrow(
      TypeError,
    );
    const unknown = service.check(checkReq({ tenantId: "nobody" }), context());
    await expect(unknown).rejects.toBeInstanceOf(SidecarError);
  });
});

describe("RateLimitService over an in-memory router transport", () => {
  function client(limiter: RateLimiter, failMode: "open" | "closed") {
    const service = createRateLimitService({ limiter, tenants, failMode });
    const interceptors = [errorInterceptor(() => {}), validationInterceptor()];
    const transport = createRouterTransport((router) => router.service(RateLimitService, service), {
      router: { interceptors },
    });
    return createClient(RateLimitService, transport);
  }

  it("answers Check and Reset", async () => {
    const rl = client(new MemoryRateLimiter(), "closed");
    const res = await rl.check({ tenantId: "acme", appId: "a", routeClass: "default", cost: 3 });
    expect(res).toMatchObject({ allowed: true, limit: 100, remaining: 97, retryAfterMs: 0 });
    expect((await rl.reset({ tenantId: "acme" })).cleared).toBe(1);
  });

  it("maps errors through the code table, with the cPod code in a header", async () => {
    const rl = client(new MemoryRateLimiter(), "closed");
    const err = await rl
      .check({ tenantId: "nobody", appId: "a", routeClass: "default" })

      .then(() => expect.unreachable(), ConnectError.from);
    expect(err.code).toBe(Code.NotFound);
    expect(err.metadata.get(ERROR_CODE_HEADER)).toBe("not_found");
    const down = client(downLimiter, "closed");
    const unavailable = await down
      .check({ tenantId: "acme", appId: "a", routeClass: "default" })

      .then(() => expect.unreachable(), ConnectError.from);
    expect(unavailable.code).toBe(Code.Unavailable);
  });

  it("rejects requests the proto's rules forbid", async () => {
    const rl = client(new MemoryRateLimiter(), "closed");
    const bad = await rl
      .check({ tenantId: "a b", appId: "a", routeClass: "Default", cost: 0 })

      .then(() => expect.unreachable(), ConnectError.from);
    expect(bad.code).toBe(Code.InvalidArgument);
    expect(bad.metadata.get(ERROR_CODE_HEADER)).toBe("validation_failed");
  });

  it("fail-open marker reaches the client as a response header", async () => {
    let headers: Headers | undefined;
    const res = await client(downLimiter, "open").check(
      { tenantId: "acme", appId: "a", routeClass: "default" },
      {
        onHeader: (h) => {
          headers = h;
        },
      },
    );
    expect(res).toMatchObject({ allowed: true, limit: 0 });
    expect(headers?.get(DEGRADED_HEADER)).toBe("store-unavailable");
  });
});
