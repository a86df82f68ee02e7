import { describe, expect, it } from "vitest";
import { ADMIN, controlPlaneOn, createApp, testDatabases } from "./helpers.js";

const UNKNOWN = "ten_00000000000000000000000000";

describe.each(testDatabases().slice(0, 1))("app lists on $name", (db) => {
  const suite = controlPlaneOn(db);
  const get = (url: string) => suite.cp.inject({ method: "GET", url, headers: ADMIN });

  it("answers 404 for an unknown tenant on both routes", async () => {
    for (const url of [`/v1/oauth/apps?tenant_id=${UNKNOWN}`, `/v1/tenants/${UNKNOWN}/apps`]) {
      const res = await get(url);
      expect([res.statusCode, res.json().code], url).toEqual([404, "not_found"]);
    }
  });

  it("answers an empty page for a tenant without apps", async () => {
    const tenant = await suite.cp.inject({
      method: "POST",
      url: "/v1/tenants",
      headers: ADMIN,
      payload: { name: "empty" },
    });
    const res = await get(`/v1/oauth/apps?tenant_id=${tenant.json().id}`);
    expect([res.statusCode, res.json()]).toEqual([200, { items: [], next_cursor: null }]);
  });

  it.each(["/v1/tenants/{id}/apps?", "/v1/oauth/apps?tenant_id={id}&"])(
    "pages a tenant's apps on %s",
    async (route) => {
      const first = await createApp(suite.cp);
      const second = await createApp(suite.cp, { tenant_id: first.tenant_id });
      const base = route.replace("{id}", first.tenant_id);
      const ids = (page: { items: { client_id: string }[] }) => page.items.map((a) => a.client_id);
      const page1 = (await get(`${base}limit=1`)).json();
      expect(ids(page1)).toEqual([first.client_id]);
      const page2 = (await get(`${base}limit=1&cursor=${page1.next_cursor}`)).json();
      expect([ids(page2), page2.next_cursor]).toEqual([[second.client_id], null]);
    },
  );
});
