import { describe, expect, it } from "vitest";
import {
  FILTER_LIMITS,
  type FilterNode,
  filterKey,
  parseFilter,
} from "../../../server/gateway/entities/index.js";
import { ApiError } from "../../../server/shared/errors/api-error.js";
import { widget } from "./fixtures.js";
import { HOSTILE } from "./suite/hostile.js";

function field(name: string) {
  const found = widget.queryable.get(name);
  if (!found) throw new Error(`no field ${name}`);
  return found;
}

function refusal(input: unknown): ApiError {
  try {
    parseFilter(widget, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("invalid_filter");
    return error as ApiError;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe("parseFilter", () => {
  it.each<[string, unknown, FilterNode]>([
    ["absent → match all", undefined, { op: "and", nodes: [] }],
    ["{} → match all", {}, { op: "and", nodes: [] }],
    ["bare value → $eq", { name: "a" }, { op: "eq", field: field("name"), value: "a" }],
    [
      "two operators → and",
      { rank: { $gt: 1, $lte: 3 } },
      {
        op: "and",
        nodes: [
          { op: "gt", field: field("rank"), value: 1 },
          { op: "lte", field: field("rank"), value: 3 },
        ],
      },
    ],
    [
      "$or of $in and $exists",
      { $or: [{ name: { $in: ["a"] } }, { active: { $exists: false } }] },
      {
        op: "or",
        nodes: [
          { op: "in", field: field("name"), values: ["a"] },
          { op: "exists", field: field("active"), value: false },
        ],
      },
    ],
    ["$nin", { rank: { $nin: [] } }, { op: "nin", field: field("rank"), values: [] }],
    ["base field", { id: { $lt: "wid_1" } }, { op: "lt", field: field("id"), value: "wid_1" }],
  ])("%s", (_, input, want) => {
    expect(parseFilter(widget, input)).toEqual(want);
    if (input !== undefined) expect(parseFilter(widget, JSON.stringify(input))).toEqual(want);
  });

  it.each(HOSTILE)("refuses %s", (_, text) => {
    refusal(text);
  });

  it("names where the problem is, as a JSON pointer, without echoing long keys", () => {
    const error = refusal({ $or: [{ name: "a" }, { rank: { $regex: "x" } }] });
    expect(error.errors).toEqual([
      { path: "/query/filter/$or/1/rank/$regex", message: 'unknown operator "$regex"' },
    ]);
    const long = refusal({ [`$${"w".repeat(500)}`]: 1 });
    expect(long.message.length).toBeLessThan(200);
  });

  it("holds the limits exactly at their edges", () => {
    const nest = (d: number): object => (d === 1 ? { rank: 1 } : { $or: [nest(d - 1)] });
    expect(() => parseFilter(widget, nest(FILTER_LIMITS.maxDepth))).not.toThrow();
    refusal(nest(FILTER_LIMITS.maxDepth + 1));
    const conds = (n: number) => ({ $and: Array.from({ length: n - 1 }, (_, i) => ({ rank: i })) });
    expect(() => parseFilter(widget, conds(FILTER_LIMITS.maxConditions))).not.toThrow();
    refusal(conds(FILTER_LIMITS.maxConditions + 1));
    const values = (n: number) => ({ rank: { $in: Array.from({ length: n }, (_, i) => i) } });
    expect(() => parseFilter(widget, values(FILTER_LIMITS.maxValues))).not.toThrow();
    refusal(values(FILTER_LIMITS.maxValues + 1));
    refusal({ $or: Array.from({ length: FILTER_LIMITS.maxConditions + 1 }, () => ({})) });
  });

  it("refuses class instances and objects with odd prototypes", () => {
    refusal(new Map([["name", "a"]]));
    refusal({ name: new String("a") });
    refusal({ rank: Number.NaN });
    refusal({ rank: Number.POSITIVE_INFINITY });
    refusal(Object.create({ name: "inherited" }));
  });

  it("gives equal filters the same key and different filters different keys", () => {
    const a = filterKey(parseFilter(widget, '{"name":"x","rank":{"$gt":1}}'));
    expect(filterKey(parseFilter(widget, { name: "x", rank: { $gt: 1 } }))).toBe(a);
    expect(filterKey(parseFilter(widget, { name: "x", rank: { $gte: 1 } }))).not.toBe(a);
  });
});
