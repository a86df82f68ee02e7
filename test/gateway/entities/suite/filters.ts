// Conformance: every filter operator, on string, number and boolean fields and on base fields,
// with MongoDB's semantics for missing fields, and every sort order with missing values.
import { beforeAll, describe, expect, it } from "vitest";
import type { Caller, EntityRecord } from "../../../../server/gateway/entities/index.js";
import { names, type SuiteContext } from "./context.js";

/** Five widgets, created in this order; `delta` lacks rank and active. Names test bytewise order. */
const WIDGETS = [
  { name: "alpha", rank: 1, active: true, notes: "n1" },
  { name: "beta", rank: 5, active: false },
  { name: "Gamma", rank: 10, active: true },
  { name: "delta", tags: ["x"] },
  { name: "épsilon", rank: 5.5, active: false },
];

/** given → want (names in creation order, since the default sort is id = creation order). */
const CASES: [string, unknown, string[]][] = [
  ["bare value", { name: "alpha" }, ["alpha"]],
  ["$eq", { name: { $eq: "beta" } }, ["beta"]],
  ["$ne matches missing", { rank: { $ne: 5 } }, ["alpha", "Gamma", "delta", "épsilon"]],
  ["$gt number", { rank: { $gt: 5 } }, ["Gamma", "épsilon"]],
  ["$gte number", { rank: { $gte: 5 } }, ["beta", "Gamma", "épsilon"]],
  ["$lt number", { rank: { $lt: 5 } }, ["alpha"]],
  ["$lte number", { rank: { $lte: 5 } }, ["alpha", "beta"]],
  ["$gt string is bytewise", { name: { $gt: "a" } }, ["alpha", "beta", "delta", "épsilon"]],
  ["$lt string is bytewise", { name: { $lt: "alpha" } }, ["Gamma"]],
  ["$in", { name: { $in: ["alpha", "delta", "zzz"] } }, ["alpha", "delta"]],
  ["$in empty", { name: { $in: [] } }, []],
  ["$in numbers", { rank: { $in: [5.5, 10] } }, ["Gamma", "épsilon"]],
  ["$nin matches missing", { rank: { $nin: [1, 10] } }, ["beta", "delta", "épsilon"]],
  ["$nin empty", { rank: { $nin: [] } }, ["alpha", "beta", "Gamma", "delta", "épsilon"]],
  ["$exists false", { active: { $exists: false } }, ["delta"]],
  ["$exists true", { rank: { $exists: true } }, ["alpha", "beta", "Gamma", "épsilon"]],
  ["boolean", { active: true }, ["alpha", "Gamma"]],
  ["boolean $ne", { active: { $ne: true } }, ["beta", "delta", "épsilon"]],
  ["boolean $lt", { active: { $lt: true } }, ["beta", "épsilon"]],
  ["two operators on one field", { rank: { $gte: 1, $lt: 10 } }, ["alpha", "beta", "épsilon"]],
  ["$and", { $and: [{ rank: { $gte: 1 } }, { active: false }] }, ["beta", "épsilon"]],
  ["$or", { $or: [{ rank: { $lt: 2 } }, { name: "delta" }] }, ["alpha", "delta"]],
  ["fields and $or together", { active: true, $or: [{ rank: 1 }, { rank: 5 }] }, ["alpha"]],
  [
    "nested four levels",
    { $or: [{ $and: [{ $or: [{ name: "beta" }, { name: "Gamma" }] }, { rank: { $gt: 6 } }] }] },
    ["Gamma"],
  ],
  ["empty filter", {}, ["alpha", "beta", "Gamma", "delta", "épsilon"]],
];

/** sort → want (all five, unpaged and paged one at a time). Missing sorts first ascending. */
const SORTS: [string, string[]][] = [
  ["name", ["Gamma", "alpha", "beta", "delta", "épsilon"]],
  ["-name", ["épsilon", "delta", "beta", "alpha", "Gamma"]],
  ["rank", ["delta", "alpha", "beta", "épsilon", "Gamma"]],
  ["-rank", ["Gamma", "épsilon", "beta", "alpha", "delta"]],
  ["active", ["delta", "beta", "épsilon", "alpha", "Gamma"]],
  ["-active", ["Gamma", "alpha", "épsilon", "beta", "delta"]],
  ["id", ["alpha", "beta", "Gamma", "delta", "épsilon"]],
  ["-created_at", ["épsilon", "delta", "Gamma", "beta", "alpha"]],
];

export function filterTests(ctx: SuiteContext): void {
  describe("filters and sorts", () => {
    let caller: Caller;
    let made: EntityRecord[];
    beforeAll(async () => {
      caller = ctx.caller();
      made = [];
      for (const w of WIDGETS) made.push(await ctx.service.create(caller, "Widget", w));
      // A soft-deleted widget and another tenant's widget that no filter may ever return.
      const dead = await ctx.service.create(caller, "Widget", { name: "alpha", rank: 1 });
      await ctx.service.delete(caller, "Widget", dead.id);
      await ctx.service.create(ctx.caller(), "Widget", { name: "alpha", rank: 1, active: true });
    });

    it.each(CASES)("%s", async (_, filter, want) => {
      const asObject = await ctx.service.list(caller, "Widget", { filter });
      expect(names(asObject.items)).toEqual(want);
      const asText = await ctx.service.list(caller, "Widget", { filter: JSON.stringify(filter) });
      expect(asText.items).toEqual(asObject.items);
    });

    it("filters on base fields id and created_at", async () => {
      const [a, b, c] = made;
      const byId = { id: { $in: [a?.id, c?.id] } };
      expect(names((await ctx.service.list(caller, "Widget", { filter: byId })).items)).toEqual([
        "alpha",
        "Gamma",
      ]);
      const since = { created_at: { $gte: b?.created_at }, rank: { $exists: true } };
      const page = await ctx.service.list(caller, "Widget", { filter: since });
      expect(names(page.items)).toEqual(["beta", "Gamma", "épsilon"]);
    });

    it.each(SORTS)("sorts by %s, in one page and one item per page", async (sort, want) => {
      const all = await ctx.service.list(caller, "Widget", { sort });
      expect(names(all.items)).toEqual(want);
      expect(all.next_cursor).toBeNull();
      const paged: EntityRecord[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await ctx.service.list(caller, "Widget", { sort, limit: 1, cursor });
        paged.push(...page.items);
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }
      expect(paged).toEqual(all.items);
    });

    it("pages a filtered, sorted query with the filter held across pages", async () => {
      const query = { filter: '{"rank":{"$exists":true}}', sort: "-rank", limit: 2 };
      const first = await ctx.service.list(caller, "Widget", query);
      expect(names(first.items)).toEqual(["Gamma", "épsilon"]);
      const next = { ...query, cursor: first.next_cursor ?? "" };
      const second = await ctx.service.list(caller, "Widget", next);
      expect(names(second.items)).toEqual(["beta", "alpha"]);
      expect(second.next_cursor).toBeNull();
    });
  });
}
