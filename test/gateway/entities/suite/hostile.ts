// Conformance: hostile and malformed filters are refused with invalid_filter before any store is
// asked, nothing is written, and nothing leaks into JavaScript prototypes.
import { expect, it } from "vitest";
import { rejectsWith, type SuiteContext } from "./context.js";

const nest = (depth: number): unknown =>
  depth === 1 ? { name: "x" } : { $and: [nest(depth - 1)] };

/** given (a filter as the query parameter would carry it) → refused. */
export const HOSTILE: [string, string][] = [
  ["$where", '{"$where":"sleep(1000) || true"}'],
  ["$regex", '{"name":{"$regex":".*"}}'],
  ["$expr", '{"$expr":{"$gt":["$rank",1]}}'],
  ["$nor", '{"$nor":[{"name":"a"}]}'],
  ["$not", '{"name":{"$not":{"$eq":"a"}}}'],
  ["$elemMatch", '{"tags":{"$elemMatch":{"$eq":"x"}}}'],
  ["$function", '{"$function":{"body":"return true","args":[],"lang":"js"}}'],
  ["$jsonSchema", '{"$jsonSchema":{}}'],
  ["$text", '{"$text":{"$search":"a"}}'],
  ["operator as value", '{"name":{"$gt":{"$gt":""}}}'],
  ["operator inside $in", '{"name":{"$in":[{"$gt":""}]}}'],
  ["undeclared field", '{"notes":"n1"}'],
  ["unindexed array field", '{"tags":"x"}'],
  ["base field tenant_id", '{"tenant_id":"ten_01JD6QB3C4D5E6F7G8H9J0K1M2"}'],
  ["base field is_deleted", '{"is_deleted":true}'],
  ["dotted path", '{"name.first":"x"}'],
  ["$ in a field name", '{"na$me":"x"}'],
  ["_id", '{"_id":"x"}'],
  ["__proto__", '{"__proto__":{"polluted":true}}'],
  ["constructor.prototype", '{"constructor":{"prototype":{"polluted":true}}}'],
  ["__proto__ as operator", '{"name":{"__proto__":{"polluted":true}}}'],
  ["toString as operator", '{"name":{"toString":"x"}}'],
  ["$in not an array", '{"name":{"$in":"alpha"}}'],
  ["$nin not an array", '{"rank":{"$nin":5}}'],
  ["$in over 100 values", JSON.stringify({ name: { $in: Array.from({ length: 101 }, String) } })],
  ["null value", '{"name":null}'],
  ["array value", '{"name":["alpha"]}'],
  ["string for a number", '{"rank":"5"}'],
  ["number for a boolean", '{"active":1}'],
  ["number for a string", '{"name":5}'],
  ["$exists not boolean", '{"name":{"$exists":"yes"}}'],
  ["empty operator object", '{"name":{}}'],
  ["operator beside a plain key", '{"name":{"$eq":"a","x":1}}'],
  ["empty $and", '{"$and":[]}'],
  ["$or not an array", '{"$or":{"name":"a"}}'],
  ["$and of non-objects", '{"$and":[1]}'],
  ["$or of arrays", '{"$or":[[{"name":"a"}]]}'],
  ["nesting past 4", JSON.stringify(nest(5))],
  ["21 conditions", JSON.stringify({ $and: Array.from({ length: 20 }, (_, i) => ({ rank: i })) })],
  ["long string value", JSON.stringify({ name: "x".repeat(1025) })],
  [
    "over 4096 characters",
    JSON.stringify({ name: { $nin: Array.from({ length: 90 }, () => "y".repeat(44)) } }),
  ],
  ["array", '[{"name":"a"}]'],
  ["null", "null"],
  ["string", '"name"'],
  ["number", "42"],
  ["invalid JSON", '{"name":'],
  ["single quotes", "{'name':'a'}"],
  ["empty text", ""],
];

export function hostileTests(ctx: SuiteContext): void {
  it.each(HOSTILE)("refuses %s with invalid_filter and writes nothing", async (_, filter) => {
    const caller = ctx.caller();
    await ctx.service.create(caller, "Widget", {
      name: "alpha",
      rank: 1,
      notes: "n1",
      tags: ["x"],
    });
    const before = await ctx.snapshot(caller, "Widget");
    await rejectsWith(ctx.service.list(caller, "Widget", { filter }), "invalid_filter");
    expect(await ctx.snapshot(caller, "Widget")).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("accepts the deepest and largest filters the limits allow", async () => {
    const caller = ctx.caller();
    const deepest = JSON.stringify(nest(4));
    const largest = { $or: Array.from({ length: 19 }, (_, i) => ({ rank: i })) };
    const many = { name: { $in: Array.from({ length: 100 }, String) } };
    for (const filter of [deepest, largest, many]) {
      expect((await ctx.service.list(caller, "Widget", { filter })).items).toEqual([]);
    }
  });
}
