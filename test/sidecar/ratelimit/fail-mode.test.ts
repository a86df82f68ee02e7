// Redis down: CORESDK_FAIL_MODE=closed refuses with `unavailable`, =open admits and marks the
// answer degraded. Uses a private redis-server that this file starts and kills (never the shared
// one), first behind the service in-process, then behind two real sidecar processes.
import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimitService } from "../../../gen/proto/coresdk/v1/rate_limit_pb.js";
import { ERROR_CODE_HEADER } from "../../../sidecar/errors/sidecar-error.js";
import { RedisRateLimiter } from "../../../sidecar/ratelimit/adapters/redis-rate-limiter.js";
import {
  createRateLimitService,
  DEGRADED_HEADER,
} from "../../../sidecar/ratelimit/rate-limit-service.js";
import { errorInterceptor } from "../../../sidecar/server/interceptors.js";
import { MemoryTenantDirectory } from "../../../sidecar/tenants/adapters/memory-tenant-directory.js";
import { withCallerCredential } from "../../helpers/sidecar.js";
import { type SidecarProcess, startSidecarProcess, writeTenantsFile } from "./sidecar-process.js";
import { hasRedisServer, startRedis, type ThrowawayRedis } from "./throwaway-redis.js";

const CHECK = { tenantId: "acme", appId: "app", routeClass: "default" };
type RateLimitClient = ReturnType<typeof createClient<typeof RateLimitService>>;

/** Checks once; answers the error (as a ConnectError) or the response with its headers. */
async function check(client: RateLimitClient) {
  let headers = new Headers();
  const started = performance.now();
  const onHeader = (h: Headers) => {
    headers = h;
  };
  try {
    const res = await client.check(CHECK, { onHeader });
    return { res, headers, ms: performance.now() - started };
  } catch (error) {
    return { error: ConnectError.from(error), headers, ms: performance.now() - started };
  }
}

async function waitUntil(ready: () => boolean, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await sleep(50);
  }
}

describe.skipIf(!hasRedisServer)(
  "fail mode, in-process (RedisRateLimiter on a private redis-server)",
  () => {
    let server: ThrowawayRedis;
    let redis: Redis;
    const tenants = new MemoryTenantDirectory([{ id: "acme", plan: "free" }]);
    const clientFor = (failMode: "open" | "closed", limiter = new RedisRateLimiter(redis)) => {
      const service = createRateLimitService({ limiter, tenants, failMode });
      const routes = (r: Parameters<Parameters<typeof createRouterTransport>[0]>[0]) =>
        r.service(RateLimitService, service);
      const transport = createRouterTransport(routes, {
        router: { interceptors: [errorInterceptor(() => {})] },
      });
      return createClient(RateLimitService, transport);
    };

    beforeAll(async () => {
      server = await startRedis();
      // The options sidecar/app.ts uses: fail fast instead of queueing while Redis is down.
      redis = new Redis(server.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
      redis.on("error", () => {}); // reconnect noise while the server is down is expected
      await waitUntil(() => redis.status === "ready");
    });
    afterAll(async () => {
      redis?.disconnect();
      await server?.stop();
    });

    it("enforces while Redis is up, fails closed/open promptly while it is down, recovers after", async () => {
      expect((await check(clientFor("closed"))).res).toMatchObject({ allowed: true, limit: 100 });
      await server.stop();
      await waitUntil(() => redis.status !== "ready");

      const closed = await check(clientFor("closed"));
      expect(closed.error?.code).toBe(Code.Unavailable);
      expect(closed.error?.metadata.get(ERROR_CODE_HEADER)).toBe("unavailable");
      expect(closed.ms).toBeLessThan(1_500);

      const open = await check(clientFor("open"));
      expect(open.res).toMatchObject({ allowed: true, limit: 0, remaining: 0, retryAfterMs: 0 });
      expect(open.headers.get(DEGRADED_HEADER)).toBe("store-unavailable");

      server = await startRedis(server.port);
      await waitUntil(() => redis.status === "ready");
      expect((await check(clientFor("closed"))).res).toMatchObject({ allowed: true, limit: 100 });
    }, 30_000);

    it("a client that queues while disconnected still fails within the adapter's timeout", async () => {
      const down = await startRedis();
      const queueing = new Redis(down.url); // default options: offline queue on, retries forever
      queueing.on("error", () => {});
      await waitUntil(() => queueing.status === "ready");
      await down.stop();
      try {
        const limiter = new RedisRateLimiter(queueing, { timeoutMs: 300 });
        const closed = await check(clientFor("closed", limiter));
        expect(closed.error?.code).toBe(Code.Unavailable);
        expect(closed.ms).toBeLessThan(1_000);
      } finally {
        queueing.disconnect();
      }
    }, 30_000);
  },
);

describe.skipIf(!hasRedisServer)(
  "fail mode, two real sidecar processes (closed and open) on a private redis-server",
  () => {
    let server: ThrowawayRedis;
    let tenants: Awaited<ReturnType<typeof writeTenantsFile>>;
    const sidecars: Record<"closed" | "open", SidecarProcess | undefined> = {
      closed: undefined,
      open: undefined,
    };
    const client = (mode: "closed" | "open") =>
      createClient(
        RateLimitService,
        createGrpcTransport({
          baseUrl: (sidecars[mode] as SidecarProcess).baseUrl,
          interceptors: [withCallerCredential],
        }),
      );

    beforeAll(async () => {
      server = await startRedis();
      tenants = await writeTenantsFile([{ id: "acme", plan: "free" }]);
      const env = { CPOD_REDIS_URL: server.url, CORESDK_TENANTS_FILE: tenants.file };
      const modes = ["closed", "open"] as const;
      const started = await Promise.allSettled(
        modes.map((mode) => startSidecarProcess({ ...env, CORESDK_FAIL_MODE: mode })),
      );
      started.forEach((s, i) => {
        if (s.status === "fulfilled") sidecars[modes[i] as (typeof modes)[number]] = s.value;
      });
      const failed = started.find((s) => s.status === "rejected");
      if (failed) throw failed.reason;
    }, 240_000);
    afterAll(async () => {
      await Promise.all(Object.values(sidecars).map((s) => s?.stop()));
      await server?.stop();
      await tenants?.remove();
    }, 30_000);

    it("closed answers Unavailable and open admits (degraded) once Redis is killed", async () => {
      expect((await check(client("closed"))).res).toMatchObject({ allowed: true, limit: 100 });
      expect((await check(client("open"))).res).toMatchObject({ allowed: true, limit: 100 });
      await server.stop();
      await sleep(200); // let both sidecars see the connection drop

      const closed = await check(client("closed"));
      expect(closed.error?.code).toBe(Code.Unavailable);
      expect(closed.error?.metadata.get(ERROR_CODE_HEADER)).toBe("unavailable");
      expect(closed.ms).toBeLessThan(1_500);

      const open = await check(client("open"));
      expect(open.res).toMatchObject({ allowed: true, limit: 0 });
      expect(open.headers.get(DEGRADED_HEADER)).toBe("store-unavailable");
    }, 30_000);
  },
);
