import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type Stack, startStack } from "./harness.js";

const PEOPLE = "/v1/entities/people";

describe("entity routes over HTTP (real sidecar, PostgreSQL store)", () => {
  let stack: Stack;
  let alpha: Record<string, string>;
  let beta: Record<string, string>;
  const rowCount = async () =>
    Number((await stack.sql.query<{ n: string }>("SELECT count(*) AS n FROM entities")).rows[0]?.n);

  beforeAll(async () => {
    stack = await startStack();
    alpha = bearer(await stack.token("ten_alpha", { app: "app_a" }));
    beta = bearer(await stack.token("ten_beta", { app: "app_b" }));
  }, 60_000);
  afterAll(async () => stack?.close());

  const create = (headers: Record<string, string>, payload: Record<string, unknown>) =>
    stack.gateway.inject({ method: "POST", url: PEOPLE, headers, payload });

  it("creates (201 + ETag), reads, updates with If-Match, 412 on stale, deletes (204)", async () => {
    const made = await create(alpha, { display_name: "Ada", email: "ada@example.com" });
    expect(made.statusCode).toBe(201);
    const ada = made.json();
    expect(ada).toMatchObject({ tenant_id: "ten_alpha", app_id: "app_a", version: 1 });
    expect(made.headers.etag).toBe('"1"');
    const url = `${PEOPLE}/${ada.id}`;
    const got = await stack.gateway.inject({ method: "GET", url, headers: alpha });
    expect(got.json()).toMatchObject({ id: ada.id, display_name: "Ada" });
    const patch = (ifMatch: string) =>
      stack.gateway.inject({
        method: "PATCH",
        url,
        headers: { ...alpha, "if-match": ifMatch },
        payload: { first_name: "Ada" },
      });
    const updated = await patch('"1"');
    expect(updated.statusCode).toBe(200);
    expect(updated.headers.etag).toBe('"2"');
    const stale = await patch('"1"');
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: "precondition_failed" });
    const del = await stack.gateway.inject({ method: "DELETE", url, headers: alpha });
    expect(del.statusCode).toBe(204);
    const gone = await stack.gateway.inject({ method: "GET", url, headers: alpha });
    expect(gone.statusCode).toBe(404);
  });

  it("isolates tenants: id, list, filter, update, delete and cursor of another tenant", async () => {
    const secret = (await create(alpha, { display_name: "Only Alpha", email: "a@x.io" })).json();
    await create(alpha, { display_name: "Alpha Two" });
    const url = `${PEOPLE}/${secret.id}`;
    const asBeta = (method: "GET" | "PATCH" | "DELETE", payload?: object) =>
      stack.gateway.inject({ method, url, headers: beta, ...(payload ? { payload } : {}) });
    expect((await asBeta("GET")).statusCode).toBe(404);
    expect((await asBeta("PATCH", { display_name: "pwned" })).statusCode).toBe(404);
    expect((await asBeta("DELETE")).statusCode).toBe(404);
    const list = await stack.gateway.inject({ method: "GET", url: PEOPLE, headers: beta });
    expect(list.json().items).toEqual([]);
    const filter = encodeURIComponent(JSON.stringify({ email: "a@x.io" }));
    const filtered = await stack.gateway.inject({
      method: "GET",
      url: `${PEOPLE}?filter=${filter}`,
      headers: beta,
    });
    expect(filtered.json().items).toEqual([]);
    const page = await stack.gateway.inject({
      method: "GET",
      url: `${PEOPLE}?limit=1`,
      headers: alpha,
    });
    const cursor = page.json().next_cursor as string;
    expect(cursor).toBeTruthy();
    const stolen = await stack.gateway.inject({
      method: "GET",
      url: `${PEOPLE}?limit=1&cursor=${encodeURIComponent(cursor)}`,
      headers: beta,
    });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json()).toMatchObject({ code: "invalid_cursor" });
    const still = await stack.gateway.inject({ method: "GET", url, headers: alpha });
    expect(still.json().display_name).toBe("Only Alpha");
  });

  it("ignores or rejects a tenant_id in the body (tenant comes from the token only)", async () => {
    const res = await create(beta, { display_name: "Mallory", tenant_id: "ten_alpha" });
    expect(res.statusCode).toBe(400);
  });

  it.each<[string, string | Record<string, unknown>]>([
    ["malformed JSON", "{not json"],
    ["unknown field", { display_name: "X", shoe_size: 44 }],
    ["wrong type", { display_name: 42 }],
  ])("400 and nothing written for %s", async (_, payload) => {
    const before = await rowCount();
    const res = await stack.gateway.inject({
      method: "POST",
      url: PEOPLE,
      headers: { ...alpha, "content-type": "application/json" },
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/problem\+json/);
    expect(await rowCount()).toBe(before);
  });

  it.each([
    ["$where filter", `filter=${encodeURIComponent('{"$where":"sleep(1)"}')}`, "invalid_filter"],
    ["undeclared field", `filter=${encodeURIComponent('{"last_name":"x"}')}`, "invalid_filter"],
    ["page size 501", "limit=501", "validation_failed"],
    ["forged cursor", "cursor=Zm9yZ2Vk", "invalid_cursor"],
  ])("400 for a %s", async (_, query, code) => {
    const res = await stack.gateway.inject({
      method: "GET",
      url: `${PEOPLE}?${query}`,
      headers: alpha,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
  });
});
