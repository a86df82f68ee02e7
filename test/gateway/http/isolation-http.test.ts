import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditSettled } from "../../../server/gateway/app.js";
import { type DataStack, json, startDataStack, variants } from "./data-stack.js";

describe.each(variants())("tenant isolation of the data routes — $name", (variant) => {
  let s: DataStack;
  let alpha: Record<string, string>;
  let beta: Record<string, string>;
  const call = (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
    type = "application/json",
  ) =>
    fetch(`${s.url}${path}`, {
      method,
      headers: { ...headers, ...(body ? { "content-type": type } : {}) },
      ...(body ? { body } : {}),
    });

  beforeAll(async () => {
    s = await startDataStack(variant);
    alpha = await s.auth("ten_alpha");
    // Same app id and user id in another tenant: only the tenant differs.
    beta = await s.auth("ten_beta");
  }, 60_000);
  afterAll(async () => s?.close());

  it("KV: another tenant's key is 404 in every tier, invisible in lists, and its cursor is refused", async () => {
    for (const tier of ["private", "shared"]) {
      await call("PUT", `/v1/kv/iso:${s.run}?tier=${tier}`, alpha, '{"value":"alpha"}');
      expect((await call("GET", `/v1/kv/iso:${s.run}?tier=${tier}`, beta)).status).toBe(404);
      const list = await json(await call("GET", `/v1/kv?tier=${tier}&prefix=iso:${s.run}`, beta));
      expect(list.items).toEqual([]);
    }
    await call("PUT", `/v1/kv/iso:${s.run}b`, alpha, '{"value":1}');
    const page = await json(await call("GET", `/v1/kv?prefix=iso:${s.run}&limit=1`, alpha));
    const stolen = await call(
      "GET",
      `/v1/kv?prefix=iso:${s.run}&limit=1&cursor=${page.next_cursor}`,
      beta,
    );
    expect(stolen.status).toBe(400);
    expect((await call("DELETE", `/v1/kv/iso:${s.run}`, beta)).status).toBe(204);
    expect((await call("POST", `/v1/kv/iso:${s.run}/incr`, beta, "{}")).status).toBe(200);
    expect((await json(await call("GET", `/v1/kv/iso:${s.run}`, alpha))).value).toBe("alpha");
  });

  it("files: another tenant's path is 404 (GET, HEAD, presign), and lists stay apart", async () => {
    const path = `/v1/files/iso/${s.run}.txt`;
    await call("PUT", path, alpha, "alpha only", "text/plain");
    expect((await call("GET", path, beta)).status).toBe(404);
    expect((await call("HEAD", path, beta)).status).toBe(404);
    expect((await call("POST", `${path}/presign`, beta, '{"method":"GET"}')).status).toBe(404);
    const list = await json(await call("GET", `/v1/files?prefix=iso/`, beta));
    expect(list.items).toEqual([]);
    await call("PUT", path, beta, "beta's own", "text/plain");
    expect(await (await call("GET", path, alpha)).text()).toBe("alpha only");
  });

  it("presigned URLs: bound to the object; a tampered URL is refused and cannot reach another tenant", async () => {
    const path = `/v1/files/iso/${s.run}-p.txt`;
    await call("PUT", path, alpha, "alpha secret", "text/plain");
    await call("PUT", path, beta, "beta secret", "text/plain");
    const grant = await json(
      await call("POST", `${path}/presign`, beta, '{"method":"GET","expires_in":60}'),
    );
    expect(await (await fetch(grant.url)).text()).toBe("beta secret");
    const retargeted = grant.url.replace("ten_beta", "ten_alpha");
    expect(retargeted).not.toBe(grant.url);
    const res = await fetch(retargeted);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain("alpha secret");
    const u = new URL(grant.url);
    const sig = u.searchParams.get("X-Amz-Signature") ? "X-Amz-Signature" : "X-Cpod-Signature";
    u.searchParams.set(sig, `${(u.searchParams.get(sig) ?? "").slice(0, -2)}AA`);
    expect((await fetch(u)).status).toBe(403);
    const longer = new URL(grant.url);
    const expiresParam = longer.searchParams.has("X-Cpod-Expires")
      ? "X-Cpod-Expires"
      : "X-Amz-Expires";
    longer.searchParams.set(
      expiresParam,
      String(Number(longer.searchParams.get(expiresParam)) + 1000),
    );
    expect((await fetch(longer)).status).toBe(403);
  });

  it("analytics: a query only ever sees the token's tenant", async () => {
    if ("unavailable" in (s.opened.data.analytics ?? { unavailable: "" })) return;
    const at = new Date(Date.now() - 60_000).toISOString();
    const event = `iso_${s.run}`;
    const batch = JSON.stringify({
      events: [{ name: event, timestamp: at, properties: { n: 1 } }],
    });
    expect((await call("POST", "/v1/analytics/events", alpha, batch)).status).toBe(202);
    const q = JSON.stringify({
      event,
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
      aggregate: "count",
    });
    const mine = await json(await call("POST", "/v1/analytics/query", alpha, q));
    expect(mine.rows.map((r: { value: number }) => r.value)).toEqual([1]);
    const theirs = await json(await call("POST", "/v1/analytics/query", beta, q));
    expect(theirs.rows.map((r: { value: number }) => r.value).filter((v: number) => v > 0)).toEqual(
      [],
    );
  });

  it("audit and secrets: each tenant reads only its own chain and secrets", async () => {
    const name = `ISO_${s.run}`;
    await call("PUT", `/v1/secrets/${name}`, alpha, '{"value":"alpha-only"}');
    expect((await call("GET", `/v1/secrets/${name}`, beta)).status).toBe(404);
    const listed = await json(await call("GET", "/v1/secrets?limit=500", beta));
    expect(listed.items.map((i: { name: string }) => i.name)).not.toContain(name);
    expect((await call("DELETE", `/v1/secrets/${name}`, beta)).status).toBe(204);
    expect((await call("GET", `/v1/secrets/${name}`, alpha)).status).toBe(200);
    await auditSettled(s.stack.gateway);
    const chain = await json(await call("GET", "/v1/audit/events?limit=500", beta));
    expect(chain.items.every((r: { tenant_id: string }) => r.tenant_id === "ten_beta")).toBe(true);
  });
});
