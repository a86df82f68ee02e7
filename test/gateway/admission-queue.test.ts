// The admission queue on the gateway's request path (CPOD_ADMISSION_*): admissions beyond the
// limit wait their turn by caller and operation, the wait shows in Server-Timing, and a full
// queue answers 503 `unavailable` with Retry-After — audited and counted, the sidecar not called.
// In process: a sidecar whose admissions the test answers one by one.
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { create } from "@bufbuild/protobuf";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type AdmitResponse,
  AdmitResponseSchema,
  AdmitVerdict,
} from "../../gen/proto/coresdk/v1/admission_pb.js";
import { gatewaySchemaDocument } from "../../gen/routes/gateway.js";
import { MemoryIdempotencyStore } from "../../server/gateway/idempotency/adapters/memory-idempotency-store.js";
import { createGatewayMetrics } from "../../server/gateway/observability/gateway-metrics.js";
import { registerGatewayPlugins } from "../../server/gateway/plugins.js";
import { FairQueue } from "../../server/gateway/request-path/fair-queue.js";
import type { AdmissionClient } from "../../server/gateway/request-path/request-path.js";
import type { AdmitInput } from "../../server/gateway/sidecar/admission-batcher.js";
import type { AuditEntry } from "../../server/gateway/sidecar/sidecar-client.js";
import { createServer } from "../../server/shared/http/build-server.js";

const ADMITTED = create(AdmitResponseSchema, {
  verdict: AdmitVerdict.ADMITTED,
  claims: { tenantId: "ten_a", appId: "app_1", sub: "app_1", userId: "" },
});

/** A sidecar that holds every admission until the test answers it, in the order they came. */
function heldSidecar(): AdmissionClient & { seen: AdmitInput[]; answerNext(): void } {
  const held: ((response: AdmitResponse) => void)[] = [];
  const sidecar = {
    seen: [] as AdmitInput[],
    admit: (input: AdmitInput) => {
      sidecar.seen.push(input);
      return new Promise<AdmitResponse>((resolve) => held.push(resolve));
    },
    answerNext: () => held.shift()?.(ADMITTED),
  };
  return sidecar;
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** The gateway's plugins over the held sidecar, one admission at a time, `maxWaiting` waiting. */
async function gateway(maxWaiting: number) {
  const app = await createServer({ schemaDocument: gatewaySchemaDocument, routes: [] });
  apps.push(app);
  const sidecar = heldSidecar();
  const records: AuditEntry[] = [];
  const admissionQueue = new FairQueue({ limit: 1, maxWaiting });
  const metrics = createGatewayMetrics({ admissionWaiting: () => admissionQueue.waiting });
  await registerGatewayPlugins(app, {
    transport: { production: false, trustedProxies: [] },
    metrics,
    audit: { overBound: () => false, record: (e) => records.push(e) },
    sidecar,
    failMode: "closed",
    admissionQueue,
    idempotency: new MemoryIdempotencyStore(),
  });
  for (const [method, operationId, scope] of [
    ["POST", "createThing", "kv.write"],
    ["GET", "getThing", "kv.read"],
  ] as const) {
    app.route({
      method,
      url: "/things",
      config: { operationId, security: { kind: "oauth2", scopes: [scope] } },
      handler: async () => ({ ok: true }),
    });
  }
  await app.ready();
  return { app, sidecar, records, metrics };
}

const write = (token: string) =>
  ({ method: "POST", url: "/things", headers: { authorization: `Bearer ${token}` } }) as const;
const read = (token: string) =>
  ({ method: "GET", url: "/things", headers: { authorization: `Bearer ${token}` } }) as const;

describe("admission queue", () => {
  it("a caller's burst waits behind itself: a read or another caller goes next", async () => {
    const { app, sidecar } = await gateway(100);
    const answers = [
      app.inject(write("alice")),
      app.inject(write("alice")),
      app.inject(write("alice")),
      app.inject(read("alice")),
      app.inject(write("bob")),
    ];
    await vi.waitFor(() => expect(sidecar.seen).toHaveLength(1));
    for (let admitted = 1; admitted < answers.length; admitted++) {
      sidecar.answerNext();
      await vi.waitFor(() => expect(sidecar.seen).toHaveLength(admitted + 1));
    }
    sidecar.answerNext();
    const responses = await Promise.all(answers);
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    // Turns go by flow (operation and token) in the order each flow first waited.
    expect(sidecar.seen.map((s) => `${s.routeClass} ${s.token}`)).toEqual([
      "create_thing alice",
      "create_thing alice",
      "get_thing alice",
      "create_thing bob",
      "create_thing alice",
    ]);
    // The first went at once; the others waited, and Server-Timing says for how long.
    expect(String(responses[0]?.headers["server-timing"])).not.toMatch(/queue;dur=/);
    for (const response of responses.slice(1))
      expect(String(response.headers["server-timing"])).toMatch(/^queue;dur=\d+\.\d{3}, /);
  });

  it("answers 503 unavailable with Retry-After when the queue is full: audited, counted, no Admit", async () => {
    const { app, sidecar, records, metrics } = await gateway(1);
    const first = app.inject(write("alice"));
    await vi.waitFor(() => expect(sidecar.seen).toHaveLength(1));
    const waiting = app.inject(read("bob"));
    await vi.waitFor(async () =>
      expect(
        (await metrics.registry.getSingleMetricAsString("cpod_admission_waiting")).trim(),
      ).toMatch(/ 1$/),
    );
    // bob's second read would make bob's flow the longest waiting: it is the one refused.
    const refused = await app.inject(read("bob"));
    expect(refused.statusCode).toBe(503);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(refused.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: "unavailable", status: 503 });
    expect(sidecar.seen).toHaveLength(1);
    expect(
      await metrics.registry.getSingleMetricAsString("cpod_admission_queue_refusals_total"),
    ).toMatch(/cpod_admission_queue_refusals_total 1$/m);
    await vi.waitFor(() => expect(records).toHaveLength(1));
    expect(records[0]).toMatchObject({ tenantId: "_platform", outcome: "error", status: 503 });
    // The refusal took nothing from the others: both are admitted and answered.
    sidecar.answerNext();
    await vi.waitFor(() => expect(sidecar.seen).toHaveLength(2));
    sidecar.answerNext();
    expect((await first).statusCode).toBe(200);
    expect((await waiting).statusCode).toBe(200);
  });

  it("a request whose client hung up while it waited is never admitted", async () => {
    const { app, sidecar, metrics } = await gateway(100);
    await app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const waitingNow = async () =>
      (await metrics.registry.getSingleMetricAsString("cpod_admission_waiting")).trim();
    const first = app.inject(write("alice"));
    await vi.waitFor(() => expect(sidecar.seen).toHaveLength(1));
    // A real client queues behind it (over a socket, so it can hang up), then bob.
    const leaving = httpRequest({ host: "127.0.0.1", port, method: "GET", path: "/things" });
    leaving.setHeader("authorization", "Bearer mallory");
    leaving.on("error", () => {});
    leaving.end();
    await vi.waitFor(async () => expect(await waitingNow()).toMatch(/ 1$/));
    const staying = app.inject(read("bob"));
    await vi.waitFor(async () => expect(await waitingNow()).toMatch(/ 2$/));
    leaving.destroy();
    await new Promise((r) => setTimeout(r, 50)); // the server sees the socket close
    sidecar.answerNext();
    await vi.waitFor(() => expect(sidecar.seen).toHaveLength(2));
    sidecar.answerNext();
    expect((await first).statusCode).toBe(200);
    expect((await staying).statusCode).toBe(200);
    // mallory's turn came first (it waited first) but was skipped: only bob reached the sidecar.
    expect(sidecar.seen.map((s) => s.token)).toEqual(["alice", "bob"]);
  });
});
