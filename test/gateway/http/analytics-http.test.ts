import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DataStack, json, startDataStack, variants } from "./data-stack.js";

const embedded = variants().slice(0, 1);

describe.each(embedded)("analytics over HTTP — $name", (variant) => {
  let s: DataStack;
  let alpha: Record<string, string>;
  const post = (path: string, body: unknown, headers = alpha) =>
    fetch(`${s.url}${path}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const hour = (h: number) => new Date(Date.UTC(2026, 0, 1, h)).toISOString();
  const now = Date.now();
  const recent = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();

  beforeAll(async () => {
    s = await startDataStack(variant);
    alpha = await s.auth("ten_alpha");
  }, 60_000);
  afterAll(async () => s?.close());

  const available = () => !("unavailable" in (s.opened.data.analytics ?? { unavailable: "" }));

  it("ingests a batch (202) and answers count / uniq_users / sum grouped by a property", async () => {
    if (!available()) {
      const res = await post("/v1/analytics/events", { events: [] });
      expect(res.status).toBe(503);
      return;
    }
    const events = [
      {
        name: "checkout",
        timestamp: recent(50),
        user_id: "u1",
        properties: { plan: "pro", amount: 10 },
      },
      {
        name: "checkout",
        timestamp: recent(40),
        user_id: "u2",
        properties: { plan: "pro", amount: 5 },
      },
      {
        name: "checkout",
        timestamp: recent(30),
        user_id: "u1",
        properties: { plan: "free", amount: 1 },
      },
      { name: "login", timestamp: recent(20), user_id: "u3", properties: {} },
    ];
    const res = await post("/v1/analytics/events", { events });
    expect(res.status, await res.clone().text()).toBe(202);
    expect(await json(res)).toEqual({ accepted: 4 });
    const range = { event: "checkout", from: recent(120), to: recent(-5) };
    const sum = await json(
      await post("/v1/analytics/query", {
        ...range,
        aggregate: "sum",
        property: "amount",
        group_by: ["plan"],
      }),
    );
    const byPlan = Object.fromEntries(
      sum.rows.map((r: { group: { plan: string }; value: number }) => [r.group.plan, r.value]),
    );
    expect(byPlan).toEqual({ pro: 15, free: 1 });
    const uniq = await json(
      await post("/v1/analytics/query", { ...range, aggregate: "uniq_users" }),
    );
    expect(uniq.rows.map((r: { value: number }) => r.value)).toEqual([2]);
    const count = await json(await post("/v1/analytics/query", { ...range, aggregate: "count" }));
    expect(count.rows.map((r: { value: number }) => r.value)).toEqual([3]);
  });

  it("masks properties through the sidecar before they are stored", async () => {
    if (!available()) return;
    const secret = "ada.lovelace@example.com";
    const card = "4111 1111 1111 1111";
    const ev = {
      name: "signup",
      timestamp: recent(10),
      properties: { email: secret, note: `card ${card}`, plan: "pro" },
    };
    expect((await post("/v1/analytics/events", { events: [ev] })).status).toBe(202);
    const range = { event: "signup", from: recent(60), to: recent(-5), aggregate: "count" };
    const byEmail = await json(
      await post("/v1/analytics/query", { ...range, group_by: ["email", "note", "plan"] }),
    );
    expect(byEmail.rows).toHaveLength(1);
    const group = byEmail.rows[0].group;
    expect(group.plan).toBe("pro");
    expect(String(group.email)).not.toContain("lovelace");
    expect(String(group.note)).not.toContain("4111");
    // And in the table itself, not only in query answers:
    const store = s.opened.data.analytics as { select: (q: unknown) => Promise<unknown[]> };
    const raw = await store.select({
      sql: "SELECT properties AS p FROM events WHERE event = {e:String}",
      params: { e: "signup" },
    });
    expect(raw).toHaveLength(1);
    expect(JSON.stringify(raw)).not.toContain("lovelace");
    expect(JSON.stringify(raw)).not.toContain("4111");
  });

  it("refuses a bad batch as a whole (400) and stores none of it", async () => {
    if (!available()) return;
    const good = { name: "bad_batch_probe", timestamp: recent(5), properties: {} };
    const cases: unknown[] = [
      { events: [good, { name: "1nvalid name", timestamp: recent(5), properties: {} }] },
      { events: [good, { ...good, properties: { nested: { no: 1 } } }] },
      { events: [good], extra: true },
      { events: [{ ...good, timestamp: hour(0).replace("2026", "1999") }] },
    ];
    for (const body of cases) {
      const res = await post("/v1/analytics/events", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(["validation_failed", "bad_request"]).toContain((await json(res)).code);
    }
    const q = { event: "bad_batch_probe", from: recent(60), to: recent(-5), aggregate: "count" };
    const rows = (await json(await post("/v1/analytics/query", q))).rows;
    expect(
      rows.map((r: { value: number }) => r.value).reduce((a: number, b: number) => a + b, 0),
    ).toBe(0);
    const sql = await post("/v1/analytics/query", { ...q, sql: "SELECT 1" });
    expect(sql.status).toBe(400);
    const tenant = await post("/v1/analytics/query", { ...q, tenant_id: "ten_beta" });
    expect(tenant.status).toBe(400);
  });
});
