// Path-parameter limits agree with the spec, and every error fastify or Node raises before a
// route runs (router limits, bad percent-encoding, oversized headers, unknown routes, wrong
// methods) is a Problem with a request id — through a real gateway on a real socket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../../helpers/raw-http.js";
import { type DataStack, json, startDataStack, variants } from "./data-stack.js";

const embedded = variants().slice(0, 1);

/** Every character as a `%XX` triplet: three times longer on the wire than decoded. */
const percentEncodeAll = (text: string) =>
  [...text].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`).join("");

/** A Problem answer: problem+json, its code, and a request id that matches the header. */
async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = await json(res);
  expect(body).toMatchObject({ status, code, type: `https://cpod.dev/problems/${code}` });
  expect(body.request_id).toEqual(expect.any(String));
  expect(res.headers.get("x-request-id")).toBe(body.request_id);
  return body;
}

describe.each(embedded)("URL limits and framework errors over HTTP — $name", (variant) => {
  let s: DataStack;
  let alpha: Record<string, string>;
  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${s.url}${path}`, {
      method,
      headers: { ...alpha, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    s = await startDataStack(variant);
    alpha = await s.auth("ten_alpha");
  }, 60_000);
  afterAll(async () => s?.close());

  it.each([101, 256])("puts and gets a KV key of %i characters", async (length) => {
    const key = `${s.run}:`.padEnd(length, "k");
    const put = await send("PUT", `/v1/kv/${key}`, { value: length });
    expect(put.status, await put.clone().text()).toBe(200);
    const got = await send("GET", `/v1/kv/${key}`);
    expect(got.status).toBe(200);
    expect(await json(got)).toMatchObject({ key, value: length });
  });

  it("takes a 256-character key sent wholly percent-encoded (768 bytes in the URL)", async () => {
    const key = `${s.run}:`.padEnd(256, ":");
    const put = await send("PUT", `/v1/kv/${percentEncodeAll(key)}`, { value: "encoded" });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(await json(put)).toMatchObject({ key });
    const got = await send("GET", `/v1/kv/${encodeURIComponent(key)}`);
    expect(await json(got)).toMatchObject({ key, value: "encoded" });
  });

  it("puts and gets a secret name of 128 characters", async () => {
    const name = `S${s.run}`.padEnd(128, "_");
    const put = await send("PUT", `/v1/secrets/${name}`, { value: "v" });
    expect(put.status, await put.clone().text()).toBe(200);
    const got = await send("GET", `/v1/secrets/${name}`);
    expect(got.status).toBe(200);
    expect(await json(got)).toMatchObject({ name, value: "v" });
  });

  it("answers a 257-character key and a 129-character name with the schema's 400", async () => {
    const key = await expectProblem(
      await send("GET", `/v1/kv/${"k".repeat(257)}`),
      400,
      "validation_failed",
    );
    expect(key.errors).toContainEqual(expect.objectContaining({ path: "/params/key" }));
    await expectProblem(
      await send("GET", `/v1/secrets/S${"n".repeat(128)}`),
      400,
      "validation_failed",
    );
  });

  it("answers a parameter past the router's bound with a 414 Problem", async () => {
    await expectProblem(await send("GET", `/v1/kv/${"k".repeat(2_000)}`), 414, "uri_too_long");
  });

  it("answers malformed percent-encoding with a 400 Problem", async () => {
    const body = await expectProblem(await send("GET", "/v1/kv/%E0%A4%A"), 400, "bad_request");
    expect(body.detail).toMatch(/percent-encoding/);
  });

  it("answers an unknown route with 404 and a known path's other method with 405 and Allow", async () => {
    await expectProblem(await send("GET", "/v1/nothing-here"), 404, "not_found");
    const wrong = await send("POST", "/v1/kv/some-key");
    await expectProblem(wrong, 405, "method_not_allowed");
    expect(wrong.headers.get("allow")).toBe("DELETE, GET, PUT");
  });

  it("answers a header section over Node's limit with a 431 Problem and closes", async () => {
    const res = await rawRequest(
      s.url,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
    );
    expect(res.status).toBe(431);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    expect(res.headers.connection).toBe("close");
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ status: 431, code: "headers_too_large" });
    expect(body.request_id).toBe(res.headers["x-request-id"]);
  });

  it("answers a request line over Node's limit with a 414 Problem", async () => {
    const res = await rawRequest(
      s.url,
      `GET /v1/kv/${"k".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect(res.status).toBe(414);
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ status: 414, code: "uri_too_long" });
    expect(body.request_id).toBe(res.headers["x-request-id"]);
  });

  it("answers bytes that are not HTTP with a 400 Problem", async () => {
    const res = await rawRequest(s.url, "NOT HTTP AT ALL\r\n\r\n");
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({
      code: "bad_request",
      request_id: expect.any(String),
    });
  });
});
