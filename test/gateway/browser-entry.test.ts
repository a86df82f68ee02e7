// What a browser or an uptime checker meets first on a gateway (issue #16 item 7): `/` points at
// the reference, `/favicon.ico` exists, and every public GET answers HEAD without a body.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestGateway } from "../helpers/gateway-ports.js";

describe("gateway entry points for browsers and probes", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestGateway();
    await app.ready();
  }, 60_000);
  afterAll(async () => app?.close());

  it("redirects / to /docs and names both documents in the body", async () => {
    const res = await app.inject({ method: "GET", url: "/" });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe("/docs");
    expect(res.json()).toEqual({ docs: "/docs", openapi: "/openapi.json" });
  });

  it("serves a PNG favicon the /docs page links to", async () => {
    const res = await app.inject({ method: "GET", url: "/favicon.ico" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("image/png");
    expect(res.rawPayload.subarray(1, 4).toString("latin1")).toBe("PNG");
    const page = await app.inject({ method: "GET", url: "/docs" });
    expect(page.body).toContain('<link rel="icon" type="image/png" href="/favicon.ico">');
  });

  it.each([
    "/",
    "/favicon.ico",
    "/healthz",
    "/readyz",
    "/docs",
    "/docs/assets/swagger-ui.css",
    "/openapi.json",
    "/.well-known/jwks.json",
  ])("answers HEAD %s like GET, without a body", async (url) => {
    const [get, head] = await Promise.all([
      app.inject({ method: "GET", url }),
      app.inject({ method: "HEAD", url }),
    ]);
    expect(head.statusCode, url).toBe(get.statusCode);
    expect(head.headers["content-type"]).toBe(get.headers["content-type"]);
    expect(head.body).toBe("");
  });

  it("gives a token-guarded read no undeclared HEAD: 405 naming GET", async () => {
    const res = await app.inject({ method: "HEAD", url: "/v1/kv/some-key" });
    expect(res.statusCode).toBe(405);
    expect(String(res.headers.allow)).toContain("GET");
  });

  it("starts Swagger UI with nothing fetched from elsewhere and Try it out enabled", async () => {
    const init = await app.inject({ method: "GET", url: "/docs/assets/init.js" });
    expect(init.body).toContain("validatorUrl: null");
    expect(init.body).toContain("tryItOutEnabled: true");
  });
});
