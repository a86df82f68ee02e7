// Operability of the gateway (issue #5 item 9): Server-Timing with the sidecar time, per-route
// and per-step histograms on /metrics, the API reference on /docs, masked structured logs.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditSettled } from "../../server/gateway/app.js";
import { loggerOptions } from "../../server/shared/http/logging.js";
import { bearer, type Stack, startStack } from "./harness.js";

const PEOPLE = "/v1/entities/people";

describe("gateway operability (real sidecar)", () => {
  let stack: Stack;
  let auth: Record<string, string>;
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });

  beforeAll(async () => {
    stack = await startStack({ logger: { ...loggerOptions("gateway", "info"), stream } });
    auth = bearer(await stack.token("ten_alpha", { app: "app_a" }));
  }, 60_000);
  afterAll(async () => stack?.close());

  it("sends Server-Timing with each step the sidecar ran and the whole round trip", async () => {
    const response = await stack.gateway.inject({ method: "GET", url: PEOPLE, headers: auth });
    expect(response.statusCode).toBe(200);
    const timing = String(response.headers["server-timing"]);
    const parts = Object.fromEntries(
      timing.split(", ").map((part) => {
        const [name, dur] = part.split(";dur=");
        return [name, Number(dur)];
      }),
    );
    expect(Object.keys(parts)).toEqual(["validate", "authorize", "ratelimit", "sidecar"]);
    for (const ms of Object.values(parts)) expect(ms).toBeGreaterThan(0);
    // The steps ran inside the sidecar; `sidecar` is the Admit round trip around them.
    const sum = (parts.validate ?? 0) + (parts.authorize ?? 0) + (parts.ratelimit ?? 0);
    expect(parts.sidecar).toBeGreaterThanOrEqual(sum);
  });

  it("has no Server-Timing on public routes, which make no sidecar call", async () => {
    const response = await stack.gateway.inject({ method: "GET", url: "/healthz" });
    expect(response.headers["server-timing"]).toBeUndefined();
  });

  it("exposes per-route and per-step latency histograms, labelled by template only", async () => {
    const made = await stack.gateway.inject({
      method: "POST",
      url: PEOPLE,
      headers: auth,
      payload: { display_name: "Metric Person" },
    });
    const id = made.json().id as string;
    await stack.gateway.inject({ method: "GET", url: `${PEOPLE}/${id}`, headers: auth });
    await auditSettled(stack.gateway);
    const metrics = await stack.gateway.inject({ method: "GET", url: "/metrics" });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers["content-type"]).toContain("text/plain");
    const text = metrics.body;
    expect(text).toMatch(
      /cpod_http_request_duration_seconds_count\{route="\/v1\/entities\/people\/\{id\}",method="GET",status="200"\} 1/,
    );
    expect(text).toMatch(
      /cpod_http_requests_total\{route="\/v1\/entities\/people",method="POST",status="201"\} 1/,
    );
    for (const step of ["Admit", "EmitBatch"]) {
      expect(text).toMatch(
        new RegExp(
          `cpod_sidecar_call_duration_seconds_count\\{step="${step}",outcome="ok"\\} [1-9]`,
        ),
      );
    }
    expect(text).toContain("cpod_audit_queue_depth 0");
    expect(text).not.toContain(id); // ids never become label values
  });

  it("serves an interactive reference on /docs whose assets come from this server", async () => {
    const page = await stack.gateway.inject({ method: "GET", url: "/docs" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    const assets = [...page.body.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    expect(assets).toHaveLength(3);
    for (const url of assets) {
      const asset = await stack.gateway.inject({ method: "GET", url });
      expect(asset.statusCode, url).toBe(200);
      expect(asset.body.length, url).toBeGreaterThan(100);
    }
    const init = await stack.gateway.inject({ method: "GET", url: "/docs/assets/init.js" });
    expect(init.body).toContain('url: "/openapi.json"');
    const spec = await stack.gateway.inject({ method: "GET", url: "/openapi.json" });
    expect(spec.json().paths["/v1/entities/people"]).toBeDefined();
    for (const bad of ["package.json", "index.html", "swagger-ui-bundle.js.map"]) {
      const miss = await stack.gateway.inject({ method: "GET", url: `/docs/assets/${bad}` });
      expect(miss.statusCode, bad).toBe(404);
      expect(miss.json().code).toBe("not_found");
    }
    const traversal = await stack.gateway.inject({ method: "GET", url: "/docs/assets/..%2Fx" });
    expect(traversal.statusCode).toBeGreaterThanOrEqual(400);
  });

  it("logs JSON lines with the request id and none of the caller's values or credentials", async () => {
    lines.length = 0;
    const email = "grace.hopper@example.com";
    const filter = encodeURIComponent(JSON.stringify({ email }));
    const requestId = "log-test-request-0001";
    const token = auth.authorization?.split(" ")[1] ?? "";
    await stack.gateway.inject({
      method: "GET",
      url: `${PEOPLE}?filter=${filter}&limit=5`,
      headers: { ...auth, "x-request-id": requestId },
    });
    await stack.gateway.inject({
      method: "GET",
      url: `${PEOPLE}/per_${email}`,
      headers: { ...auth, "x-request-id": "log-test-request-0002" },
    });
    const all = lines.join("\n");
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const mine = records.filter((r) => r.reqId === requestId);
    // One access line per request, with the method, masked URL, status and time.
    expect(mine.filter((r) => r.msg === "request completed")).toHaveLength(1);
    expect(mine[0]).toMatchObject({ res: { statusCode: 200 }, responseTime: expect.any(Number) });
    expect(mine[0]).toMatchObject({
      program: "gateway",
      req: { method: "GET", url: "/v1/entities/people?filter=…&limit=…" },
    });
    expect(all).toContain('"url":"/v1/entities/people/{id}"');
    expect(all).not.toContain("grace");
    expect(all).not.toContain("example.com");
    expect(all).not.toContain(token.slice(0, 40));
    expect(all.toLowerCase()).not.toContain("bearer");
  });
});
