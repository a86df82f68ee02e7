// PATCH changes only what it names: schema defaults apply on create, never on update (issue #13
// item 9: `{}` on a technology asset answered 200 and bumped the version; a partial update would
// also have reset `status` to its default).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type Stack, startStack } from "../harness.js";

const ASSETS = "/v1/entities/technology-assets";

describe("entity updates and schema defaults", () => {
  let stack: Stack;
  let auth: Record<string, string>;
  let id: string;
  beforeAll(async () => {
    stack = await startStack();
    auth = bearer(await stack.token("ten_alpha"));
    const made = await stack.gateway.inject({
      method: "POST",
      url: ASSETS,
      headers: auth,
      payload: { name: "Laptop A" },
    });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ status: "in_stock", version: 1 });
    id = made.json().id;
    const used = await stack.gateway.inject({
      method: "PATCH",
      url: `${ASSETS}/${id}`,
      headers: auth,
      payload: { status: "in_use" },
    });
    expect(used.json()).toMatchObject({ status: "in_use", version: 2 });
  }, 60_000);
  afterAll(async () => stack?.close());

  it("answers an empty PATCH with 400 and leaves the version alone", async () => {
    const res = await stack.gateway.inject({
      method: "PATCH",
      url: `${ASSETS}/${id}`,
      headers: auth,
      payload: {},
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "validation_failed" });
    const now = await stack.gateway.inject({ url: `${ASSETS}/${id}`, headers: auth });
    expect(now.json()).toMatchObject({ version: 2, status: "in_use" });
  });

  it("keeps fields a PATCH does not name, defaulted ones included", async () => {
    const res = await stack.gateway.inject({
      method: "PATCH",
      url: `${ASSETS}/${id}`,
      headers: auth,
      payload: { name: "Laptop A (renamed)" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: "Laptop A (renamed)", status: "in_use", version: 3 });
  });
});
