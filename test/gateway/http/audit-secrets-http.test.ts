import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditSettled } from "../../../server/gateway/app.js";
import { type DataStack, json, startDataStack, variants } from "./data-stack.js";

const embedded = variants().slice(0, 1);

describe.each(embedded)("audit and secrets over HTTP — $name", (variant) => {
  let s: DataStack;
  let alpha: Record<string, string>;
  const get = (path: string, headers = alpha) => fetch(`${s.url}${path}`, { headers });
  const send = (method: string, path: string, body?: unknown, headers = alpha) =>
    fetch(`${s.url}${path}`, {
      method,
      headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  beforeAll(async () => {
    s = await startDataStack(variant);
    alpha = await s.auth("ten_alpha");
  }, 60_000);
  afterAll(async () => s?.close());

  it("lists the calls in the audit chain, each record re-hashable (JCS + SHA-256), and verifies", async () => {
    await send("PUT", `/v1/kv/audited:${s.run}`, { value: 1 });
    await send("GET", `/v1/kv/audited:${s.run}`);
    await auditSettled(s.stack.gateway);
    const res = await get("/v1/audit/events?action=kv.put&limit=500");
    expect(res.status, await res.clone().text()).toBe(200);
    const page = await json(res);
    const ours = page.items.filter(
      (r: { resource: { id: string } }) => r.resource.id === `audited:${s.run}`,
    );
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({
      tenant_id: "ten_alpha",
      action: "kv.put",
      outcome: "success",
      status: 200,
      actor: { type: "app", app_id: `app_${s.run}`, user_id: null },
    });
    const all = await json(await get("/v1/audit/events?limit=500"));
    for (const record of all.items) {
      const { record_hash, ...body } = record;
      const digest = createHash("sha256")
        .update(canonicalize(body) as string)
        .digest("hex");
      expect(digest).toBe(record_hash);
    }
    const verify = await get("/v1/audit/verify");
    expect(verify.status).toBe(200);
    const result = await json(verify);
    expect(result.valid).toBe(true);
    expect(result.checked).toBeGreaterThanOrEqual(all.items.length);
    expect(result.first_invalid_sequence).toBeUndefined();
  });

  it("pages the audit chain with the sidecar's cursor; bad query input is 400", async () => {
    for (const n of [1, 2, 3]) await send("PUT", `/v1/kv/paged${n}:${s.run}`, { value: n });
    await auditSettled(s.stack.gateway);
    const first = await json(await get("/v1/audit/events?limit=1"));
    expect(first.items).toHaveLength(1);
    expect(first.next_cursor).toBeTruthy();
    const next = await get(`/v1/audit/events?limit=1&cursor=${first.next_cursor}`);
    expect(next.status, await next.clone().text()).toBe(200);
    const second = await json(next);
    expect(second.items[0].sequence_id).toBeGreaterThan(first.items[0].sequence_id);
    const forged = await get(
      `/v1/audit/events?limit=1&cursor=${first.next_cursor.slice(0, -4)}AAAA`,
    );
    expect(forged.status).toBe(400);
    expect((await json(forged)).code).toBe("invalid_cursor");
    // "A" decodes to no bytes: the sidecar's proto rule would refuse it, but the client hears
    // about cursors, never about proto fields and rule ids (issue #13 item 11).
    for (const cursor of ["A", "A".repeat(1400)]) {
      const odd = await get(`/v1/audit/events?limit=1&cursor=${cursor}`);
      expect(odd.status).toBe(400);
      const body = await json(odd);
      expect(body.code).toBe("invalid_cursor");
      expect(JSON.stringify(body)).not.toMatch(/string\.|min_len|max_len|invalid request/);
    }
    expect((await get("/v1/audit/events?from=yesterday")).status).toBe(400);
    expect((await get("/v1/audit/events?limit=0")).status).toBe(400);
    const noScope = await s.auth("ten_alpha", { scopes: "kv.read" });
    expect((await get("/v1/audit/events", noScope)).status).toBe(403);
  });

  it("puts, gets, lists without values, and deletes secrets through SecretsService", async () => {
    const name = `API_KEY_${s.run}`;
    const put = await send("PUT", `/v1/secrets/${name}`, { value: "s3cr3t-value" });
    expect(put.status).toBe(200);
    const meta = await json(put);
    expect(meta).toMatchObject({ name, version: 1, description: null });
    expect(JSON.stringify(meta)).not.toContain("s3cr3t");
    expect(
      (await json(await send("PUT", `/v1/secrets/${name}`, { value: "rotated" }))).version,
    ).toBe(2);
    const got = await get(`/v1/secrets/${name}`);
    expect(got.headers.get("cache-control")).toBe("no-store");
    expect(await json(got)).toMatchObject({ name, value: "rotated", version: 2 });
    const list = await get("/v1/secrets?limit=500");
    const listed = await json(list);
    expect(listed.items.map((i: { name: string }) => i.name)).toContain(name);
    expect(JSON.stringify(listed)).not.toContain("rotated");
    expect((await send("DELETE", `/v1/secrets/${name}`)).status).toBe(204);
    const gone = await get(`/v1/secrets/${name}`);
    expect(gone.status).toBe(404);
    expect((await json(gone)).code).toBe("not_found");
    expect((await send("DELETE", `/v1/secrets/${name}`)).status).toBe(204);
  });

  it("stores a secret's description, lists it without the value, and a PUT without one clears it", async () => {
    const name = `DESCRIBED_${s.run}`;
    const description = "Stripe key for the billing worker ✓";
    const put = await send("PUT", `/v1/secrets/${name}`, { value: "s3cr3t-desc", description });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(await json(put)).toMatchObject({ name, version: 1, description });
    const got = await json(await get(`/v1/secrets/${name}`));
    expect(got).toMatchObject({ name, value: "s3cr3t-desc", description });
    const listed = await json(await get("/v1/secrets?limit=500"));
    const item = listed.items.find((i: { name: string }) => i.name === name);
    expect(item).toEqual({
      name,
      description,
      version: 1,
      created_at: got.created_at,
      updated_at: got.updated_at,
    });
    expect(JSON.stringify(listed)).not.toContain("s3cr3t");
    const longest = "é".repeat(512);
    const replaced = await send("PUT", `/v1/secrets/${name}`, {
      value: "v2",
      description: longest,
    });
    expect(await json(replaced)).toMatchObject({ version: 2, description: longest });
    const cleared = await json(await send("PUT", `/v1/secrets/${name}`, { value: "v3" }));
    expect(cleared).toMatchObject({ version: 3, description: null });
    expect(await json(await get(`/v1/secrets/${name}`))).toMatchObject({
      value: "v3",
      description: null,
    });
    expect((await send("DELETE", `/v1/secrets/${name}`)).status).toBe(204);
  });

  it("refuses bad secret input with stable codes and stores nothing", async () => {
    const name = `BAD_${s.run}`;
    const cases: [unknown, number, string][] = [
      [{}, 400, "validation_failed"],
      [{ value: "" }, 400, "validation_failed"],
      [{ value: "x", extra: 1 }, 400, "validation_failed"],
      [{ value: "x".repeat(65_537) }, 400, "validation_failed"],
      [{ value: "x", description: "d".repeat(513) }, 400, "validation_failed"],
      [{ value: "x", description: 7 }, 400, "validation_failed"],
    ];
    for (const [body, status, code] of cases) {
      const res = await send("PUT", `/v1/secrets/${name}`, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect((await json(res)).code).toBe(code);
    }
    expect((await send("PUT", "/v1/secrets/1starts-with-digit", { value: "x" })).status).toBe(400);
    expect((await get(`/v1/secrets/${name}`)).status).toBe(404);
    const readOnly = await s.auth("ten_alpha", { scopes: "secrets.read" });
    expect((await send("PUT", `/v1/secrets/${name}`, { value: "x" }, readOnly)).status).toBe(403);
    expect((await get(`/v1/secrets/${name}`)).status).toBe(404);
  });
});
