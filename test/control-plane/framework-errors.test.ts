// The control plane answers what its router and Node's parser refuse as Problems with a request
// id, like every other error: over-long path parameters, bad percent-encoding, oversized
// headers, unknown routes and wrong methods. A real socket, since Node's parser is in play.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "../../lib/sql/index.js";
import { rawRequest } from "../helpers/raw-http.js";
import { openFreshDatabase } from "../helpers/sql-database.js";
import { ADMIN, listen, testControlPlane } from "./helpers.js";

describe("control plane framework errors", () => {
  let sql: SqlClient;
  let app: FastifyInstance;
  let url: string;
  const get = (path: string, method = "GET") => fetch(`${url}${path}`, { method, headers: ADMIN });

  beforeAll(async () => {
    sql = await openFreshDatabase({ schema: "control_plane" });
    app = await testControlPlane(sql);
    url = await listen(app);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await sql?.close();
  });

  /** A Problem answer: problem+json, its code, and a request id that matches the header. */
  async function expectProblem(res: Response, status: number, code: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as { request_id?: string };
    expect(body).toMatchObject({ status, code });
    expect(res.headers.get("x-request-id")).toBe(body.request_id);
  }

  it("answers an over-long tenant id with the schema's 400, and one past the router's bound with 414", async () => {
    await expectProblem(await get(`/v1/tenants/ten_${"0".repeat(27)}`), 400, "validation_failed");
    await expectProblem(await get(`/v1/tenants/${"t".repeat(500)}`), 414, "uri_too_long");
  });

  it("answers malformed percent-encoding with a 400 Problem", async () => {
    await expectProblem(await get("/v1/tenants/%E0%A4%A"), 400, "bad_request");
  });

  it("answers 404 for no route and 405 with Allow for another method", async () => {
    await expectProblem(await get("/v1/nowhere"), 404, "not_found");
    const wrong = await get("/v1/tenants", "DELETE");
    await expectProblem(wrong, 405, "method_not_allowed");
    expect(wrong.headers.get("allow")).toBe("GET, POST");
  });

  it.each(["/healthz", "/readyz", "/.well-known/jwks.json"])(
    "answers HEAD %s like GET, without a body",
    async (path) => {
      const [got, head] = await Promise.all([get(path), get(path, "HEAD")]);
      expect(head.status).toBe(got.status);
      expect(head.headers.get("content-type")).toBe(got.headers.get("content-type"));
      expect(await head.text()).toBe("");
    },
  );

  it("answers a header section over Node's limit with a 431 Problem and a request id", async () => {
    const res = await rawRequest(
      url,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
    );
    expect(res.status).toBe(431);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ status: 431, code: "headers_too_large" });
    expect(body.request_id).toBe(res.headers["x-request-id"]);
  });
});
