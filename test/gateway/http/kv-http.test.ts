import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DataStack, json, startDataStack, variants } from "./data-stack.js";

describe.each(variants())("KV over HTTP — $name", (variant) => {
  let s: DataStack;
  let alpha: Record<string, string>;
  const call = (method: string, path: string, body?: unknown, headers = alpha) =>
    fetch(`${s.url}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    s = await startDataStack(variant);
    alpha = await s.auth("ten_alpha");
  }, 60_000);
  afterAll(async () => s?.close());

  it("puts, gets, bumps the version, deletes; a missing key is 404 and deleting it is 204", async () => {
    const put = await call("PUT", "/v1/kv/cart:1", { value: { step: "checkout" } });
    expect(put.status).toBe(200);
    expect(await json(put)).toEqual({
      key: "cart:1",
      value: { step: "checkout" },
      version: 1,
      expires_at: null,
    });
    const again = await json(await call("PUT", "/v1/kv/cart:1", { value: [1, 2] }));
    expect(again.version).toBe(2);
    expect(await json(await call("GET", "/v1/kv/cart:1"))).toMatchObject({
      value: [1, 2],
      version: 2,
    });
    expect((await call("DELETE", "/v1/kv/cart:1")).status).toBe(204);
    const gone = await call("GET", "/v1/kv/cart:1");
    expect(gone.status).toBe(404);
    expect(await json(gone)).toMatchObject({ code: "not_found" });
    expect((await call("DELETE", "/v1/kv/cart:1")).status).toBe(204);
  });

  it("keeps tiers apart: private per app, user per user across apps, shared per tenant", async () => {
    const otherApp = await s.auth("ten_alpha", { app: `app_${s.run}_b` });
    const userA = await s.auth("ten_alpha", { user: `usr_${s.run}` });
    const userOtherApp = await s.auth("ten_alpha", { user: `usr_${s.run}`, app: `app_${s.run}_b` });
    const key = `tier:${s.run}`;
    await call("PUT", `/v1/kv/${key}?tier=private`, { value: "private" });
    await call("PUT", `/v1/kv/${key}?tier=shared`, { value: "shared" });
    await call("PUT", `/v1/kv/${key}?tier=user`, { value: "user" }, userA);
    expect((await call("GET", `/v1/kv/${key}?tier=private`, undefined, otherApp)).status).toBe(404);
    const shared = await call("GET", `/v1/kv/${key}?tier=shared`, undefined, otherApp);
    expect((await json(shared)).value).toBe("shared");
    const user = await call("GET", `/v1/kv/${key}?tier=user`, undefined, userOtherApp);
    expect((await json(user)).value).toBe("user");
    expect((await json(await call("GET", `/v1/kv/${key}?tier=private`))).value).toBe("private");
    const noUser = await call("GET", `/v1/kv/${key}?tier=user`);
    expect(noUser.status).toBe(400);
    expect(await json(noUser)).toMatchObject({ code: "validation_failed" });
  });

  it("compare-and-set: if_version mismatch is 412, 0 means create-only; DELETE if_version too", async () => {
    const key = `cas:${s.run}`;
    expect((await call("PUT", `/v1/kv/${key}`, { value: 1, if_version: 0 })).status).toBe(200);
    const dup = await call("PUT", `/v1/kv/${key}`, { value: 2, if_version: 0 });
    expect(dup.status).toBe(412);
    expect(await json(dup)).toMatchObject({ code: "precondition_failed" });
    expect((await call("PUT", `/v1/kv/${key}`, { value: 2, if_version: 1 })).status).toBe(200);
    expect((await call("PUT", `/v1/kv/${key}`, { value: 3, if_version: 1 })).status).toBe(412);
    expect((await call("DELETE", `/v1/kv/${key}?if_version=1`)).status).toBe(412);
    expect((await call("DELETE", `/v1/kv/${key}?if_version=2`)).status).toBe(204);
  });

  it("50 parallel CAS writes on one version: exactly one wins, 49 get 412", async () => {
    const key = `race:${s.run}`;
    await call("PUT", `/v1/kv/${key}`, { value: "start" });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call("PUT", `/v1/kv/${key}`, { value: i, if_version: 1 }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((st) => st === 200)).toHaveLength(1);
    expect(statuses.filter((st) => st === 412)).toHaveLength(49);
    expect((await json(await call("GET", `/v1/kv/${key}`))).version).toBe(2);
  });

  it("50 parallel increments land exactly; a non-integer value is 409", async () => {
    const key = `hits:${s.run}`;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => call("POST", `/v1/kv/${key}/incr`, { by: 2 })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect((await json(await call("GET", `/v1/kv/${key}`))).value).toBe(100);
    const minus = await json(await call("POST", `/v1/kv/${key}/incr`, { by: -1 }));
    expect(minus).toEqual({ value: 99 });
    await call("PUT", `/v1/kv/word:${s.run}`, { value: "seven" });
    const conflict = await call("POST", `/v1/kv/word:${s.run}/incr`, {});
    expect(conflict.status).toBe(409);
    expect(await json(conflict)).toMatchObject({ code: "conflict" });
  });

  it("expires entries after ttl_seconds and reports expires_at", async () => {
    const key = `ttl:${s.run}`;
    const before = Date.now();
    const put = await json(await call("PUT", `/v1/kv/${key}`, { value: "brief", ttl_seconds: 1 }));
    const expires = Date.parse(put.expires_at);
    expect(expires).toBeGreaterThanOrEqual(before + 900);
    expect(expires).toBeLessThanOrEqual(Date.now() + 1100);
    expect((await call("GET", `/v1/kv/${key}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1300));
    expect((await call("GET", `/v1/kv/${key}`)).status).toBe(404);
  });

  it("lists by prefix in pages with a signed cursor; a tampered cursor is 400 invalid_cursor", async () => {
    const prefix = `list${s.run}:`;
    const keys = ["a", "b", "c", "d", "e"].map((k) => `${prefix}${k}`);
    for (const key of keys) await call("PUT", `/v1/kv/${key}`, { value: key });
    await call("PUT", `/v1/kv/other${s.run}`, { value: 0 });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `prefix=${encodeURIComponent(prefix)}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await json(await call("GET", `/v1/kv?${q}`));
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i: { key: string }) => i.key));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(keys);
    const first = await json(
      await call("GET", `/v1/kv?prefix=${encodeURIComponent(prefix)}&limit=2`),
    );
    const tampered =
      first.next_cursor.slice(0, -2) + (first.next_cursor.endsWith("AA") ? "AB" : "AA");
    const bad = await call(
      "GET",
      `/v1/kv?prefix=${encodeURIComponent(prefix)}&limit=2&cursor=${tampered}`,
    );
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ code: "invalid_cursor" });
    const otherPrefix = await call(
      "GET",
      `/v1/kv?prefix=other&limit=2&cursor=${first.next_cursor}`,
    );
    expect(otherPrefix.status).toBe(400);
  });

  it("refuses bad input with a stable 400 code and writes nothing", async () => {
    const key = `bad:${s.run}`;
    const cases: [string, string, unknown, string][] = [
      ["PUT", `/v1/kv/${key}`, { value: 1, extra: true }, "validation_failed"],
      ["PUT", `/v1/kv/${key}`, { ttl_seconds: 5 }, "validation_failed"],
      ["PUT", `/v1/kv/${key}`, { value: 1, ttl_seconds: 0 }, "validation_failed"],
      ["PUT", `/v1/kv/${key}`, { value: 1, if_version: "1" }, "validation_failed"],
      ["PUT", `/v1/kv/bad key${s.run}`, { value: 1 }, "validation_failed"],
      ["PUT", `/v1/kv/${key}?tier=galaxy`, { value: 1 }, "validation_failed"],
      ["POST", `/v1/kv/${key}/incr`, { by: 1.5 }, "validation_failed"],
    ];
    for (const [method, path, body, code] of cases) {
      const res = await call(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect((await json(res)).code).toBe(code);
    }
    const raw = await fetch(`${s.url}/v1/kv/${key}`, {
      method: "PUT",
      headers: { ...alpha, "content-type": "application/json" },
      body: "{not json",
    });
    expect(raw.status).toBe(400);
    expect((await json(raw)).code).toBe("bad_request");
    const big = await call("PUT", `/v1/kv/${key}`, { value: "x".repeat(70 * 1024) });
    expect(big.status).toBe(413);
    expect((await json(big)).code).toBe("payload_too_large");
    const listed = await json(await call("GET", `/v1/kv?prefix=bad`));
    expect(listed.items).toEqual([]);
  });

  it("needs the kv scopes: a token without kv.write is 403 and writes nothing", async () => {
    const readOnly = await s.auth("ten_alpha", { scopes: "kv.read" });
    const res = await call("PUT", `/v1/kv/scoped:${s.run}`, { value: 1 }, readOnly);
    expect(res.status).toBe(403);
    expect((await call("GET", `/v1/kv/scoped:${s.run}`)).status).toBe(404);
  });
});
