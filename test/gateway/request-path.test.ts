import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestGateway } from "../helpers/gateway-ports.js";
import { bearer, type Stack, startStack, startWireStack, type WireStack } from "./harness.js";

const PEOPLE = "/v1/entities/people";

describe("gateway request path over a real sidecar (steps 1–4)", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);
  afterAll(async () => stack?.close());

  it("sends HSTS on every response, even a 404", async () => {
    const res = await stack.gateway.inject({ method: "GET", url: "/nowhere" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
  });

  it.each([
    ["missing", {}],
    ["not Bearer", { authorization: "Basic abc" }],
    ["empty", { authorization: "Bearer " }],
  ])("401 unauthenticated + invalid_request when the token is %s", async (_, headers) => {
    const res = await stack.gateway.inject({ method: "GET", url: PEOPLE, headers });
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer .*error="invalid_request"/);
    expect(res.json()).toMatchObject({ code: "unauthenticated", status: 401 });
    expect(res.json().request_id).toBe(res.headers["x-request-id"]);
  });

  it("401 invalid_token + WWW-Authenticate for a token the sidecar rejects", async () => {
    const res = await stack.gateway.inject({
      method: "GET",
      url: PEOPLE,
      headers: bearer("a.b.c"),
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/error="invalid_token"/);
    expect(res.json()).toMatchObject({ code: "invalid_token" });
  });

  it("403 permission_denied naming missing_scope", async () => {
    const token = await stack.token("ten_alpha", { scopes: "kv.read" });
    const res = await stack.gateway.inject({ method: "GET", url: PEOPLE, headers: bearer(token) });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: "permission_denied" });
    expect(res.json().detail).toContain("missing_scope");
  });

  it("403 tenant_suspended for a suspended tenant", async () => {
    const token = await stack.token("ten_frozen");
    const res = await stack.gateway.inject({ method: "GET", url: PEOPLE, headers: bearer(token) });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: "tenant_suspended" });
  });

  it("RateLimit-* on every checked response, then 429 with Retry-After", async () => {
    const token = await stack.token("ten_alpha", { app: "app_burst" });
    const first = await stack.gateway.inject({
      method: "GET",
      url: PEOPLE,
      headers: bearer(token),
    });
    expect(first.statusCode).toBe(200);
    const limit = Number(first.headers["ratelimit-limit"]);
    expect(limit).toBeGreaterThan(0);
    expect(Number(first.headers["ratelimit-remaining"])).toBe(limit - 1);
    expect(Number(first.headers["ratelimit-reset"])).toBeGreaterThan(0);
    // All at once: the window is 10 s, and a loaded machine must not let it slide meanwhile.
    const burst = await Promise.all(
      Array.from({ length: limit }, () =>
        stack.gateway.inject({ method: "GET", url: PEOPLE, headers: bearer(token) }),
      ),
    );
    expect(burst.filter((r) => r.statusCode === 429).length).toBeGreaterThan(0);
    const last = burst.find((r) => r.statusCode === 429) ?? first;
    expect(last.statusCode).toBe(429);
    expect(last.json()).toMatchObject({ code: "rate_limited" });
    expect(Number(last.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(last.headers["ratelimit-remaining"]).toBe("0");
  }, 60_000);
});

describe("one sidecar round trip per request", () => {
  let stack: WireStack;
  beforeAll(async () => {
    stack = await startWireStack();
  }, 60_000);
  afterAll(async () => stack?.close());

  /** The sidecar's own count of answered RPCs, by method (its Prometheus metrics). */
  async function rpcCounts(): Promise<Record<string, number>> {
    const { host, port } = stack.sidecar.opsAddress;
    const text = await (await fetch(`http://${host}:${port}/metrics`)).text();
    const counts: Record<string, number> = {};
    for (const match of text.matchAll(/^coresdk_rpc_total\{([^}]*)\} (\d+)/gm)) {
      const method = /method="([^"]+)"/.exec(match[1] ?? "")?.[1] ?? "";
      counts[method] = (counts[method] ?? 0) + Number(match[2]);
    }
    return counts;
  }
  const delta = (after: Record<string, number>, before: Record<string, number>, m: string) =>
    (after[m] ?? 0) - (before[m] ?? 0);

  it("admits each request with at most one Admit call and no single-step RPC", async () => {
    const auth = bearer(await stack.token("ten_alpha"));
    const before = await rpcCounts();
    for (let i = 0; i < 5; i++) {
      const res = await stack.gateway.inject({ method: "GET", url: PEOPLE, headers: auth });
      expect(res.statusCode).toBe(200);
    }
    const burst = await Promise.all(
      Array.from({ length: 20 }, () =>
        stack.gateway.inject({ method: "GET", url: PEOPLE, headers: auth }),
      ),
    );
    expect(burst.every((r) => r.statusCode === 200)).toBe(true);
    const after = await rpcCounts();
    const admits =
      delta(after, before, "coresdk.v1.AdmissionService/Admit") +
      delta(after, before, "coresdk.v1.AdmissionService/AdmitBatch");
    expect(admits).toBeGreaterThanOrEqual(1);
    expect(admits).toBeLessThanOrEqual(25);
    // The 20 concurrent requests shared calls: fewer calls than requests overall.
    expect(admits).toBeLessThan(25);
    for (const single of [
      "AuthService/ValidateToken",
      "AuthService/Authorize",
      "RateLimitService/Check",
    ]) {
      expect(delta(after, before, `coresdk.v1.${single}`)).toBe(0);
    }
  });
});

describe("fail closed and transport security", () => {
  it("503 unavailable when the sidecar is unreachable", async () => {
    const app = await buildTestGateway({
      sidecarAddress: "http://127.0.0.1:1",
      sidecarTimeoutMs: 500,
    });
    const res = await app.inject({ method: "GET", url: PEOPLE, headers: bearer("a.b.c") });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: "unavailable" });
    await app.close();
  });

  it("production mode refuses plain HTTP but accepts a trusted proxy's https", async () => {
    const app = await buildTestGateway({ production: true, trustedProxies: ["127.0.0.1"] });
    const plain = await app.inject({ method: "GET", url: "/healthz" });
    expect(plain.statusCode).toBe(400);
    expect(plain.headers["content-type"]).toMatch(/problem\+json/);
    expect(plain.headers["strict-transport-security"]).toBeDefined();
    const proxied = await app.inject({
      method: "GET",
      url: "/healthz",
      headers: { "x-forwarded-proto": "https" },
    });
    expect(proxied.statusCode).toBe(200);
    await app.close();
    const untrusted = await buildTestGateway({ production: true, trustedProxies: ["10.9.9.9"] });
    const spoofed = await untrusted.inject({
      method: "GET",
      url: "/healthz",
      headers: { "x-forwarded-proto": "https" },
    });
    expect(spoofed.statusCode).toBe(400);
    await untrusted.close();
  });
});
