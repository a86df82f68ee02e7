// Traces through a real stack: `cpod dev` as a child process (gateway, sidecar and control plane
// over loopback sockets, as in production) with KV on the running Redis, exporting OTLP/HTTP
// JSON to a receiver in this test. The spans are read from what the receiver got after the
// process stopped, so the programs' shutdown flush is what delivers them.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDevPlatform, startDevPlatform } from "../helpers/dev-platform.js";
import {
  type OtlpReceiver,
  type ReceivedSpan,
  startOtlpReceiver,
} from "../helpers/otlp-receiver.js";
import { serviceUrl } from "../helpers/services.js";

const redisUrl = serviceUrl("CPOD_REDIS_URL");
const SERVER = 2;
const CLIENT = 3;

/** The spans of `traceId` below `parentId`, transitively (the request's tree). */
function treeUnder(spans: ReceivedSpan[], parentId: string): ReceivedSpan[] {
  const children = spans.filter((s) => s.parentSpanId === parentId);
  return children.flatMap((child) => [child, ...treeUnder(spans, child.spanId)]);
}

/** The one span matching, or a failure naming what was there instead. */
function only(spans: ReceivedSpan[], match: (s: ReceivedSpan) => boolean): ReceivedSpan {
  const found = spans.filter(match);
  expect(found, JSON.stringify(spans.map((s) => `${s.service} ${s.name}`))).toHaveLength(1);
  return found[0] as ReceivedSpan;
}

describe.skipIf(!redisUrl)("tracing through gateway, sidecar and Redis (CPOD_REDIS_URL)", () => {
  let otlp: OtlpReceiver;
  let dev: RunningDevPlatform | undefined;
  const incomingTrace = randomBytes(16).toString("hex");
  const incomingParent = randomBytes(8).toString("hex");
  const key = `trace-${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    otlp = await startOtlpReceiver();
    dev = await startDevPlatform({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
        CPOD_REDIS_URL: redisUrl,
        // This test plays the trusted proxy: only its traceparent is continued.
        CPOD_TRUSTED_PROXIES: "127.0.0.1,::1",
      },
    });
    const auth = { ...(await dev.bearer()), "content-type": "application/json" };
    const fresh = await fetch(`${dev.baseUrl}/v1/kv/${key}`, {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({ value: "new trace" }),
    });
    expect(fresh.status).toBe(200);
    const continued = await fetch(`${dev.baseUrl}/v1/kv/${key}`, {
      headers: { ...auth, traceparent: `00-${incomingTrace}-${incomingParent}-01` },
    });
    expect(continued.status).toBe(200);
    expect(await dev.stop()).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await dev?.stop();
    await otlp?.close();
  });

  it("exports one trace per request: gateway server span, sidecar client and server spans, the Redis call", () => {
    expect(otlp.rejected).toBe(0);
    const root = only(
      otlp.spans,
      (s) => s.service === "cpod-gateway" && s.name === "PUT /v1/kv/{key}" && s.kind === SERVER,
    );
    expect(root.parentSpanId).toBe("");
    expect(root.attributes).toMatchObject({
      "http.request.method": "PUT",
      "http.route": "/v1/kv/{key}",
      "http.response.status_code": 200,
    });
    const trace = otlp.spans.filter((s) => s.traceId === root.traceId);
    // Every span of the trace hangs off the request's span: one tree, one trace.
    expect(treeUnder(trace, root.spanId)).toHaveLength(trace.length - 1);

    const admit = only(trace, (s) => s.name.endsWith("/Admit") && s.kind === CLIENT);
    expect(admit).toMatchObject({ service: "cpod-gateway", kind: CLIENT });
    expect(admit.parentSpanId).toBe(root.spanId);
    expect(admit.attributes["rpc.response.status_code"]).toBe(0);
    const served = only(trace, (s) => s.service === "cpod-sidecar" && s.kind === SERVER);
    expect(served.name).toBe("coresdk.v1.AdmissionService/Admit");
    expect(served.parentSpanId).toBe(admit.spanId);

    const store = only(trace, (s) => s.attributes["cpod.store"] === "kv");
    expect(store).toMatchObject({ service: "cpod-gateway", kind: CLIENT, name: "kv put" });
    expect(store.attributes["db.system.name"]).toBe("redis");
    expect(store.parentSpanId).toBe(root.spanId);
  });

  it("continues an incoming traceparent: the request's span is the caller's child, same trace id", () => {
    const root = only(otlp.spans, (s) => s.name === "GET /v1/kv/{key}" && s.kind === SERVER);
    expect(root.traceId).toBe(incomingTrace);
    expect(root.parentSpanId).toBe(incomingParent);
    const trace = otlp.spans.filter((s) => s.traceId === incomingTrace);
    const services = new Set(trace.map((s) => s.service));
    expect(services).toEqual(new Set(["cpod-gateway", "cpod-sidecar"]));
    expect(trace.some((s) => s.name === "kv get" && s.parentSpanId === root.spanId)).toBe(true);
    // The gateway's access line for the request names its trace.
    const lines = (dev?.output() ?? "").split("\n").filter((l) => l.includes(incomingTrace));
    expect(lines.some((l) => l.includes('"request completed"'))).toBe(true);
  });

  it("follows the gateway's proxy hop into the control plane and its PostgreSQL store calls", () => {
    const proxied = only(
      otlp.spans,
      (s) => s.service === "cpod-gateway" && s.name === "POST /v1/oauth/token" && s.kind === SERVER,
    );
    const hop = only(otlp.spans, (s) => s.parentSpanId === proxied.spanId && s.kind === CLIENT);
    const served = only(otlp.spans, (s) => s.parentSpanId === hop.spanId);
    expect(served).toMatchObject({ service: "cpod-control-plane", kind: SERVER });
    expect(served).toMatchObject({ traceId: proxied.traceId, parentSpanId: hop.spanId });
    const store = treeUnder(otlp.spans, served.spanId).filter(
      (s) => s.attributes["db.system.name"] === "postgresql",
    );
    expect(store.map((s) => s.name)).toContain("postgresql SELECT");
  });
});
