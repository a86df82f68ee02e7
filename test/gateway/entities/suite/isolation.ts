// Conformance: tenant isolation. Two tenants try to read, list, filter, update, delete and page
// into each other's entities by id, filter and cursor: always not_found, empty or invalid_cursor,
// and the victim's data is unchanged afterwards.
import { expect, it } from "vitest";
import type { Caller } from "../../../../server/gateway/entities/index.js";
import { types } from "../fixtures.js";
import { rejectsWith, type SuiteContext } from "./context.js";

export function isolationTests(ctx: SuiteContext): void {
  it("keeps two tenants' entities apart through the service", async () => {
    const alice: Caller = ctx.caller("alice");
    const mallory: Caller = ctx.caller("mallory");
    const a1 = await ctx.service.create(alice, "Person", { display_name: "A1", email: "a1@a" });
    const a2 = await ctx.service.create(alice, "Person", { display_name: "A2", email: "a2@a" });
    await ctx.service.create(alice, "Person", { display_name: "A3" });
    const own = await ctx.service.create(mallory, "Person", {
      display_name: "M1",
      tenant_id: alice.tenantId,
    } as object);
    expect(own.tenant_id).toBe(mallory.tenantId);
    const before = await ctx.snapshot(alice, "Person");

    for (const id of [a1.id, a2.id]) {
      await rejectsWith(ctx.service.get(mallory, "Person", id), "not_found");
      await rejectsWith(ctx.service.update(mallory, "Person", id, { email: "m@m" }), "not_found");
      await rejectsWith(
        ctx.service.update(mallory, "Person", id, { email: "m@m" }, '"1"'),
        "not_found",
      );
      await rejectsWith(ctx.service.delete(mallory, "Person", id), "not_found");
      await rejectsWith(ctx.service.delete(mallory, "Person", id, '"1"'), "not_found");
    }
    const probes = [
      { id: a1.id },
      { id: { $in: [a1.id, a2.id] } },
      { email: "a1@a" },
      { display_name: { $lt: "B" } },
      { display_name: { $in: ["A1", "A2", "A3"] } },
      { $or: [{ id: a1.id }, { display_name: "A2" }] },
    ];
    for (const filter of probes) {
      expect((await ctx.service.list(mallory, "Person", { filter })).items).toEqual([]);
    }
    expect((await ctx.service.list(mallory, "Person")).items).toEqual([own]);

    // Alice's cursor is bound to Alice: Mallory replaying it gets invalid_cursor, not a page.
    const page = await ctx.service.list(alice, "Person", { limit: 1 });
    const cursor = page.next_cursor as string;
    await rejectsWith(ctx.service.list(mallory, "Person", { limit: 1, cursor }), "invalid_cursor");
    expect(await ctx.snapshot(alice, "Person")).toEqual(before);
  });

  it("keeps two tenants apart at the port, too", async () => {
    const [a, b] = [ctx.caller().tenantId, ctx.caller().tenantId];
    const type = types.get("Group");
    if (!type) throw new Error("Group missing");
    const at = "2025-03-01T00:00:00.000Z";
    const id = "grp_01JD6QB3C4D5E6F7G8H9J0K1M4";
    const made = await ctx.store.create(a, type, {
      id,
      app_id: "x",
      at,
      by: "u",
      fields: { name: "A" },
    });
    await rejectsWith(ctx.store.get(b, type, id), "not_found");
    await rejectsWith(
      ctx.store.update(b, type, id, { set: { name: "B" }, at, by: "m" }),
      "not_found",
    );
    await rejectsWith(
      ctx.store.softDelete(b, type, id, { at, by: "m", expectedVersion: 1 }),
      "not_found",
    );
    const sort = { field: "id", direction: "asc" } as const;
    expect(
      await ctx.store.list(b, type, { filter: { op: "and", nodes: [] }, sort, limit: 10 }),
    ).toEqual([]);
    expect(await ctx.store.get(a, type, id)).toEqual(made);
    // Ids are unique per type across tenants (server-minted): a clash never overwrites.
    const twin = { id, app_id: "y", at, by: "v", fields: { name: "B" } };
    await rejectsWith(ctx.store.create(b, type, twin), "conflict");
    expect(await ctx.store.get(a, type, id)).toEqual(made);
    await rejectsWith(ctx.store.get(b, type, id), "not_found");
  });
}
