// Accuracy across replicas: 4 concurrent clients hammer ONE counter (free plan: 100 per 10 s)
// through 2 real sidecar processes sharing one Redis, for a bit over one window. A per-process
// or racy limiter would admit up to 200 in the first window; the shared Lua script must not.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { type Client, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimitService } from "../../../gen/proto/coresdk/v1/rate_limit_pb.js";
import { serviceUrl } from "../../helpers/services.js";
import { withCallerCredential } from "../../helpers/sidecar.js";
import { type SidecarProcess, startSidecarProcess, writeTenantsFile } from "./sidecar-process.js";

const LIMIT = 100;
const WINDOW_MS = 10_000;
const RUN_MS = WINDOW_MS + 2_500;

/** One Check as the client saw it: sent and answered (client clock, ms), and the verdict. */
interface Sample {
  sidecar: number;
  sent: number;
  received: number;
  allowed: boolean;
  remaining: number;
  retryAfterMs: number;
}

/**
 * The most admissions provably inside one window: for each admission i, the admissions sent no
 * earlier than i and answered before i.sent + W. Their server times all lie in [i.sent, i.sent + W),
 * so a count above the limit is a real violation whatever the network latency was.
 */
function maxProvablyInOneWindow(admitted: Sample[]): number {
  return Math.max(
    0,
    ...admitted.map(
      (i) => admitted.filter((j) => j.sent >= i.sent && j.received < i.sent + WINDOW_MS).length,
    ),
  );
}

async function hammer(
  client: Client<typeof RateLimitService>,
  sidecar: number,
  tenantId: string,
  until: number,
) {
  const samples: Sample[] = [];
  while (performance.now() < until) {
    const sent = performance.now();
    const res = await client.check({ tenantId, appId: "app", routeClass: "default" });
    samples.push({ sidecar, sent, received: performance.now(), ...res });
    await sleep(1);
  }
  return samples;
}

async function warmUp(client: Client<typeof RateLimitService>, tenantId: string) {
  for (let i = 0; i < 20; i++)
    await client.check({ tenantId, appId: "warm-up", routeClass: "default" });
}

const redisUrl = serviceUrl("CPOD_REDIS_URL");

describe.skipIf(!redisUrl)("rate limit accuracy: 2 sidecars, 1 Redis, 4 clients", () => {
  const tenantId = `acc-${randomUUID()}`;
  const sidecars: SidecarProcess[] = [];
  let tenants: Awaited<ReturnType<typeof writeTenantsFile>>;

  beforeAll(async () => {
    tenants = await writeTenantsFile([{ id: tenantId, plan: "free" }]);
    const env = { CPOD_REDIS_URL: redisUrl as string, CORESDK_TENANTS_FILE: tenants.file };
    const started = await Promise.allSettled([startSidecarProcess(env), startSidecarProcess(env)]);
    for (const s of started) if (s.status === "fulfilled") sidecars.push(s.value);
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
  }, 240_000);

  afterAll(async () => {
    await Promise.all(sidecars.map((s) => s.stop()));
    await tenants?.remove();
  }, 30_000);

  it("never admits more than 100 in any 10 s window, and admits about 100 per full window", async () => {
    const clients = [0, 1, 0, 1].map((n) => ({
      sidecar: n,
      client: createClient(
        RateLimitService,
        createGrpcTransport({
          baseUrl: (sidecars[n] as SidecarProcess).baseUrl,
          interceptors: [withCallerCredential],
        }),
      ),
    }));
    // Warm both processes up on another counter, so the measured run is not spent compiling.
    await Promise.all(clients.map((c) => warmUp(c.client, tenantId)));
    const start = performance.now();
    const runs = clients.map((c) => hammer(c.client, c.sidecar, tenantId, start + RUN_MS));
    const samples = (await Promise.all(runs)).flat().sort((a, b) => a.sent - b.sent);
    const admitted = samples.filter((s) => s.allowed);
    const firstWindow = admitted.filter((s) => s.received < start + WINDOW_MS).length;
    const maxInWindow = maxProvablyInOneWindow(admitted);
    const bySidecar = [0, 1].map((n) => admitted.filter((s) => s.sidecar === n).length);
    console.log(
      `accuracy: ${samples.length} checks, ${admitted.length} admitted in ${RUN_MS} ms ` +
        `(first window ${firstWindow}, max provably in one window ${maxInWindow}, per sidecar ${bySidecar})`,
    );

    expect(maxInWindow).toBeLessThanOrEqual(LIMIT);
    expect(maxInWindow).toBeGreaterThanOrEqual(LIMIT - 5);
    expect(firstWindow).toBeLessThanOrEqual(LIMIT);
    expect(firstWindow).toBeGreaterThanOrEqual(LIMIT - 5);
    expect(admitted.length).toBeGreaterThan(LIMIT); // the window slid and refilled for both
    expect(admitted.length).toBeLessThanOrEqual(2 * LIMIT);
    expect(bySidecar.every((n) => n > 0)).toBe(true);
    expect(admitted.every((s) => s.remaining >= 0 && s.remaining < LIMIT)).toBe(true);
    expect(
      samples.every((s) => s.allowed || (s.retryAfterMs > 0 && s.retryAfterMs <= WINDOW_MS)),
    ).toBe(true);

    // The first refusal's Retry-After predicts when admissions resume (within scheduling noise on a busy host).
    const firstRefusal = samples.find((s) => !s.allowed) as Sample;
    const resumed = admitted.find((s) => s.sent > firstRefusal.received) as Sample;
    expect(resumed.received).toBeGreaterThanOrEqual(
      firstRefusal.sent + firstRefusal.retryAfterMs - 1,
    );
    expect(resumed.sent).toBeLessThan(firstRefusal.received + firstRefusal.retryAfterMs + 2_000);
  }, 60_000);
});
