import { describe, expect, it } from "vitest";
import { CpodClient } from "../../sdk/src/index.js";
import { BASE, fakeFetch, isToken, json, type Seen, tokenServer } from "./fakes.js";

function setup(
  answer: (r: Seen) => Response = () => json(200, { items: [], next_cursor: null, value: 1 }),
) {
  const tokens = tokenServer();
  const server = fakeFetch((r) => (isToken(r) ? tokens.answer() : answer(r)));
  const client = new CpodClient({
    baseUrl: `${BASE}/`,
    clientId: "a",
    clientSecret: "b",
    adminToken: "admin-secret",
    fetch: server.fetch,
  });
  const last = () => server.seen.at(-1) as Seen;
  return { client, last };
}

type Case = [string, (c: CpodClient) => PromiseLike<unknown>, string, string, unknown?];

// given: an SDK call; want: the method, path+query and JSON body the contract defines.
const APP_CASES: Case[] = [
  [
    "entities.people.create",
    (c) => c.entities.people.create({ display_name: "Ada" }),
    "POST",
    "/v1/entities/people",
    { display_name: "Ada" },
  ],
  [
    "entities.people.get",
    (c) => c.entities.people.get("per_1"),
    "GET",
    "/v1/entities/people/per_1",
  ],
  [
    "entities.technologyAssets.update",
    (c) => c.entities.technologyAssets.update("ast_1", { status: "in_use" }),
    "PATCH",
    "/v1/entities/technology-assets/ast_1",
    { status: "in_use" },
  ],
  [
    "entities.softwareLicenses.delete",
    (c) => c.entities.softwareLicenses.delete("lic_1"),
    "DELETE",
    "/v1/entities/software-licenses/lic_1",
  ],
  [
    "entities.groups.list",
    (c) => c.entities.groups.list({ sort: "name", limit: 5 }),
    "GET",
    "/v1/entities/groups?sort=name&limit=5",
  ],
  ["kv.get", (c) => c.kv.get("cart:42", { tier: "shared" }), "GET", "/v1/kv/cart%3A42?tier=shared"],
  [
    "kv.set",
    (c) => c.kv.set("k", { a: 1 }, { ttlSeconds: 60, ifVersion: 0 }),
    "PUT",
    "/v1/kv/k",
    { value: { a: 1 }, ttl_seconds: 60, if_version: 0 },
  ],
  ["kv.delete", (c) => c.kv.delete("k", { ifVersion: 3 }), "DELETE", "/v1/kv/k?if_version=3"],
  [
    "kv.incr",
    (c) => c.kv.incr("hits", 5, { tier: "user" }),
    "POST",
    "/v1/kv/hits/incr?tier=user",
    { by: 5 },
  ],
  ["kv.list", (c) => c.kv.list({ prefix: "cart:" }), "GET", "/v1/kv?prefix=cart%3A"],
  [
    "files.delete",
    (c) => c.files.delete("reports/2025/q1.pdf"),
    "DELETE",
    "/v1/files/reports/2025/q1.pdf",
  ],
  [
    "files.list",
    (c) => c.files.list({ prefix: "reports/", tier: "shared" }),
    "GET",
    "/v1/files?tier=shared&prefix=reports%2F",
  ],
  [
    "files.presignDownload",
    (c) => c.files.presignDownload("a/b.txt", { expiresIn: 600 }),
    "POST",
    "/v1/files/a/b.txt/presign",
    { method: "GET", expires_in: 600 },
  ],
  [
    "files.presignUpload",
    (c) => c.files.presignUpload("a/b.txt"),
    "POST",
    "/v1/files/a/b.txt/presign",
    { method: "PUT" },
  ],
  [
    "analytics.ingest",
    (c) => c.analytics.ingest([{ name: "signup", timestamp: new Date(Date.UTC(2025, 0, 1)) }]),
    "POST",
    "/v1/analytics/events",
    { events: [{ name: "signup", timestamp: "2025-01-01T00:00:00.000Z", properties: {} }] },
  ],
  [
    "analytics.query",
    (c) =>
      c.analytics.query({
        event: "signup",
        from: new Date(Date.UTC(2025, 0, 1)),
        to: "2025-02-01T00:00:00Z",
        aggregate: "count",
        interval: "day",
      }),
    "POST",
    "/v1/analytics/query",
    {
      event: "signup",
      from: "2025-01-01T00:00:00.000Z",
      to: "2025-02-01T00:00:00Z",
      aggregate: "count",
      interval: "day",
    },
  ],
  [
    "audit.list",
    (c) => c.audit.list({ action: "kv.put", from: new Date(Date.UTC(2025, 0, 1)) }),
    "GET",
    "/v1/audit/events?from=2025-01-01T00%3A00%3A00.000Z&action=kv.put",
  ],
  ["audit.verify", (c) => c.audit.verify(), "GET", "/v1/audit/verify"],
  [
    "secrets.set",
    (c) => c.secrets.set("STRIPE_KEY", "sk_1", { description: "billing" }),
    "PUT",
    "/v1/secrets/STRIPE_KEY",
    { value: "sk_1", description: "billing" },
  ],
  ["secrets.get", (c) => c.secrets.get("STRIPE_KEY"), "GET", "/v1/secrets/STRIPE_KEY"],
  ["secrets.delete", (c) => c.secrets.delete("STRIPE_KEY"), "DELETE", "/v1/secrets/STRIPE_KEY"],
  ["secrets.list", (c) => c.secrets.list({ limit: 10 }), "GET", "/v1/secrets?limit=10"],
];

const ADMIN_CASES: Case[] = [
  [
    "oauth.apps.create",
    (c) =>
      c.oauth.apps.create({
        tenant_id: "ten_1",
        name: "w",
        declared_scopes: ["kv.read"],
        app_type: "service",
      }),
    "POST",
    "/v1/oauth/apps",
    { tenant_id: "ten_1", name: "w", declared_scopes: ["kv.read"], app_type: "service" },
  ],
  [
    "oauth.apps.list",
    (c) => c.oauth.apps.list({ tenantId: "ten_1" }),
    "GET",
    "/v1/oauth/apps?tenant_id=ten_1",
  ],
  ["oauth.apps.get", (c) => c.oauth.apps.get("app_1"), "GET", "/v1/oauth/apps/app_1"],
  ["oauth.apps.delete", (c) => c.oauth.apps.delete("app_1"), "DELETE", "/v1/oauth/apps/app_1"],
  [
    "oauth.apps.rotateSecret",
    (c) => c.oauth.apps.rotateSecret("app_1"),
    "POST",
    "/v1/oauth/apps/app_1/rotate-secret",
  ],
];

const target = (r: Seen) => `${r.url.pathname}${r.url.search}`;

describe("namespaces", () => {
  it.each(APP_CASES)(
    "%s sends the contract's request with the app token",
    async (_n, call, method, path, body) => {
      const { client, last } = setup();
      await call(client);
      expect(last().method).toBe(method);
      expect(target(last())).toBe(path);
      expect(last().headers.get("authorization")).toBe("Bearer tok-1");
      if (body === undefined) expect(last().body).toBe("");
      else expect(JSON.parse(last().body)).toEqual(body);
    },
  );

  it.each(ADMIN_CASES)(
    "%s sends the contract's request with the admin token",
    async (_n, call, method, path, body) => {
      const { client, last } = setup();
      await call(client);
      expect(last().method).toBe(method);
      expect(target(last())).toBe(path);
      expect(last().headers.get("authorization")).toBe("Bearer admin-secret");
      if (body !== undefined) expect(JSON.parse(last().body)).toEqual(body);
    },
  );

  it("sends If-Match with the version on update and delete", async () => {
    const { client, last } = setup();
    await client.entities.people.update("per_1", { email: "a@b.c" }, { ifVersion: 3 });
    expect(last().headers.get("if-match")).toBe('"3"');
    await client.entities.people.delete("per_1", { ifVersion: 4 });
    expect(last().headers.get("if-match")).toBe('"4"');
  });

  it("returns the parsed body", async () => {
    const { client } = setup(() => json(200, { value: 42 }));
    await expect(client.kv.incr("n")).resolves.toBe(42);
  });

  it("exposes one namespace per generated entity type", () => {
    const { client } = setup();
    expect(Object.keys(client.entities).sort()).toEqual([
      "groups",
      "people",
      "softwareLicenses",
      "technologyAssets",
    ]);
  });

  it("rejects an admin call on a client without adminToken, and an app call without app credentials", async () => {
    const server = fakeFetch(() => json(200, {}));
    const app = new CpodClient({
      baseUrl: BASE,
      clientId: "a",
      clientSecret: "b",
      fetch: server.fetch,
    });
    await expect(app.oauth.apps.get("x")).rejects.toThrow(/needs adminToken/);
    const admin = new CpodClient({ baseUrl: BASE, adminToken: "t", fetch: server.fetch });
    await expect(admin.kv.get("k")).rejects.toBeInstanceOf(TypeError);
    expect(server.seen).toHaveLength(0);
  });
});
