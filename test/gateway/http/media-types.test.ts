// A body's media type must be the one its operation declares: form bodies belong to the OAuth
// routes only (issue #13 item 8), and a refused body writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type Stack, startStack } from "../harness.js";

const PEOPLE = "/v1/entities/people";

describe("request body media types", () => {
  let stack: Stack;
  let auth: Record<string, string>;
  beforeAll(async () => {
    stack = await startStack();
    auth = bearer(await stack.token("ten_alpha"));
  }, 60_000);
  afterAll(async () => stack?.close());

  const count = async () => {
    const res = await stack.gateway.inject({ method: "GET", url: PEOPLE, headers: auth });
    return (res.json().items as unknown[]).length;
  };

  it.each([
    ["a form body", "application/x-www-form-urlencoded", "display_name=Form+Person"],
    ["plain text", "text/plain", '{"display_name":"Text Person"}'],
  ])("refuses %s on a JSON operation with 415 and stores nothing", async (_, type, payload) => {
    const before = await count();
    const res = await stack.gateway.inject({
      method: "POST",
      url: PEOPLE,
      headers: { ...auth, "content-type": type },
      payload,
    });
    expect(res.statusCode).toBe(415);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: "unsupported_media_type" });
    expect(res.json().request_id).toBe(res.headers["x-request-id"]);
    expect(await count()).toBe(before);
  });

  it.each(["application/json", "application/json; charset=utf-8"])(
    "accepts %s on a JSON operation",
    async (type) => {
      const res = await stack.gateway.inject({
        method: "POST",
        url: PEOPLE,
        headers: { ...auth, "content-type": type },
        payload: JSON.stringify({ display_name: `Json ${type}` }),
      });
      expect(res.statusCode).toBe(201);
    },
  );
});
