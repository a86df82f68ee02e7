// Idempotency-Key over HTTP through the real sidecar: replay, conflict, isolation, and that a
// conflicting or replayed request writes nothing (the store is counted after each).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type Stack, startStack } from "../harness.js";

const PEOPLE = "/v1/entities/people";

describe("Idempotency-Key on POST (real sidecar, PostgreSQL store)", () => {
  let stack: Stack;
  let alpha: Record<string, string>;
  let beta: Record<string, string>;
  const rows = async () =>
    Number((await stack.sql.query<{ n: string }>("SELECT count(*) AS n FROM entities")).rows[0]?.n);
  const create = (headers: Record<string, string>, key: string | undefined, payload: object) =>
    stack.gateway.inject({
      method: "POST",
      url: PEOPLE,
      headers: { ...headers, ...(key ? { "idempotency-key": key } : {}) },
      payload,
    });

  beforeAll(async () => {
    stack = await startStack();
    alpha = bearer(await stack.token("ten_alpha", { app: "app_a" }));
    beta = bearer(await stack.token("ten_beta", { app: "app_b" }));
  }, 60_000);
  afterAll(async () => stack?.close());

  it("replays the first response for a retry with the same key and body, writing once", async () => {
    const before = await rows();
    const first = await create(alpha, "retry-1", { display_name: "Ada", email: "ada@x.io" });
    expect(first.statusCode).toBe(201);
    // The same JSON in another key order is the same request (canonical fingerprint).
    const again = await create(alpha, "retry-1", { email: "ada@x.io", display_name: "Ada" });
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers["content-type"]).toBe(first.headers["content-type"]);
    expect(await rows()).toBe(before + 1);
  });

  it("answers 409 idempotency_conflict for the same key with another body, writing nothing", async () => {
    await create(alpha, "reuse-1", { display_name: "First" });
    const before = await rows();
    const reused = await create(alpha, "reuse-1", { display_name: "Second" });
    expect(reused.statusCode).toBe(409);
    expect(reused.headers["content-type"]).toContain("application/problem+json");
    expect(reused.json()).toMatchObject({ code: "idempotency_conflict", status: 409 });
    expect(await rows()).toBe(before);
  });

  it("without a key, two identical POSTs create two entities", async () => {
    const before = await rows();
    await create(alpha, undefined, { display_name: "Twice" });
    await create(alpha, undefined, { display_name: "Twice" });
    expect(await rows()).toBe(before + 2);
  });

  it("scopes keys to the caller: another tenant's same key is a new request", async () => {
    const a = await create(alpha, "shared-key", { display_name: "Alpha's" });
    const b = await create(beta, "shared-key", { display_name: "Alpha's" });
    expect(b.statusCode).toBe(201);
    expect(b.headers["idempotent-replayed"]).toBeUndefined();
    expect(b.json().tenant_id).toBe("ten_beta");
    expect(b.json().id).not.toBe(a.json().id);
  });

  // One of tenant, app and user differs at a time (the test above changes tenant and app at
  // once, so a key scoped by tenant alone, or by `tenant:key`, would still pass it).
  it.each([
    ["tenant", { tenant: "ten_alpha", app: "app_same" }, { tenant: "ten_beta", app: "app_same" }],
    ["app", { tenant: "ten_alpha", app: "app_a" }, { tenant: "ten_alpha", app: "app_c" }],
    [
      "user",
      { tenant: "ten_alpha", app: "app_a", user: "u_1" },
      { tenant: "ten_alpha", app: "app_a", user: "u_2" },
    ],
    [
      "user (app for itself vs a user)",
      { tenant: "ten_alpha", app: "app_a" },
      { tenant: "ten_alpha", app: "app_a", user: "u_1" },
    ],
  ])("never replays across callers that differ only in %s", async (what, first, second) => {
    const key = `only-${what.replace(/\W+/g, "-")}-differs`;
    const headers = async (c: { tenant: string; app: string; user?: string }) =>
      bearer(await stack.token(c.tenant, { app: c.app, ...(c.user ? { user: c.user } : {}) }));
    const payload = { display_name: `Same body (${what})` };
    const a = await create(await headers(first), key, payload);
    expect(a.statusCode).toBe(201);
    const before = await rows();
    const b = await create(await headers(second), key, payload);
    expect(b.statusCode).toBe(201);
    expect(b.headers["idempotent-replayed"]).toBeUndefined();
    expect(b.json().id).not.toBe(a.json().id);
    expect(await rows()).toBe(before + 1);
  });

  it("concurrent retries of one key create one entity; the rest replay or are told it is running", async () => {
    const before = await rows();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => create(alpha, "burst-1", { display_name: "Burst" })),
    );
    const created = results.filter((r) => r.statusCode === 201);
    const running = results.filter((r) => r.statusCode === 409);
    expect(created.length + running.length).toBe(10);
    expect(new Set(created.map((r) => r.json().id)).size).toBe(1);
    for (const r of running) expect(r.json().code).toBe("idempotency_conflict");
    expect(await rows()).toBe(before + 1);
  });

  it("does not keep a failed validation: the corrected retry with the same key runs", async () => {
    const bad = await create(alpha, "fix-me", { display_name: 42 });
    expect(bad.statusCode).toBe(400);
    const fixed = await create(alpha, "fix-me", { display_name: "Fixed" });
    expect(fixed.statusCode).toBe(201);
  });

  it("rejects a malformed key with 400 before doing anything", async () => {
    const before = await rows();
    const bad = await create(alpha, "x".repeat(300), { display_name: "Long key" });
    expect(bad.statusCode).toBe(400);
    expect(await rows()).toBe(before);
  });
});
