import { describe, expect, it } from "vitest";
import { toMongoFilter } from "../../../server/gateway/entities/adapters/mongo-filter.js";
import {
  fieldExpr,
  identLiteral,
  SqlParams,
  toSqlFilter,
} from "../../../server/gateway/entities/adapters/sql-filter.js";
import { parseFilter } from "../../../server/gateway/entities/index.js";
import { widget } from "./fixtures.js";

const INJECTION = "x'); DROP TABLE entities; --";

describe("toMongoFilter", () => {
  it.each<[string, unknown, unknown]>([
    ["bare value becomes explicit $eq", { name: "a" }, { name: { $eq: "a" } }],
    ["id maps to _id", { id: { $in: ["wid_1"] } }, { _id: { $in: ["wid_1"] } }],
    ["$ne", { rank: { $ne: 2 } }, { rank: { $ne: 2 } }],
    ["$exists", { active: { $exists: true } }, { active: { $exists: true } }],
    [
      "$or of $and",
      { $or: [{ rank: { $gte: 1, $lt: 5 } }, { name: { $nin: ["b"] } }] },
      {
        $or: [{ $and: [{ rank: { $gte: 1 } }, { rank: { $lt: 5 } }] }, { name: { $nin: ["b"] } }],
      },
    ],
    ["empty", {}, {}],
  ])("%s", (_, filter, want) => {
    expect(toMongoFilter(parseFilter(widget, filter))).toEqual(want);
  });

  it("never emits an operator it did not choose", () => {
    const doc = toMongoFilter(parseFilter(widget, { name: { $in: [INJECTION, "$where"] } }));
    const keys = JSON.stringify(doc).match(/"\$[a-z]+"(?=:)/gi) ?? [];
    expect(new Set(keys)).toEqual(new Set(['"$in"']));
  });

  it("matches nothing for an empty $or (only ever built internally)", () => {
    expect(toMongoFilter({ op: "or", nodes: [] })).toEqual({ _id: { $exists: false } });
  });
});

describe("toSqlFilter", () => {
  const sql = (filter: unknown) => {
    const params = new SqlParams(["ten_x"]);
    return { text: toSqlFilter(parseFilter(widget, filter), params), values: params.values };
  };

  it("binds every value as a typed parameter after the ones already bound", () => {
    expect(sql({ name: INJECTION, rank: { $gt: 2 }, active: { $in: [true] } })).toEqual({
      text:
        `(((doc->>'name') COLLATE "C") = $2::text AND ` +
        `(CASE WHEN jsonb_typeof(doc->'rank') = 'number' THEN (doc->>'rank')::numeric END) > $3::numeric AND ` +
        `(CASE WHEN jsonb_typeof(doc->'active') = 'boolean' THEN (doc->>'active')::boolean END) = ANY($4::boolean[]))`,
      values: ["ten_x", INJECTION, 2, [true]],
    });
  });

  it("gives $ne and $nin MongoDB's meaning: a missing field matches", () => {
    expect(sql({ id: { $ne: "a" } }).text).toBe("(id IS NULL OR id <> $2::text)");
    expect(sql({ created_at: { $nin: ["a"] } }).text).toBe(
      "(created_at IS NULL OR created_at <> ALL($2::text[]))",
    );
    expect(sql({ name: { $exists: false } }).text).toBe(`((doc->>'name') COLLATE "C") IS NULL`);
  });

  it("answers TRUE for match-all and FALSE for an empty $or", () => {
    expect(sql({}).text).toBe("TRUE");
    expect(toSqlFilter({ op: "or", nodes: [] }, new SqlParams())).toBe("FALSE");
  });

  it("inlines only checked identifiers", () => {
    expect(identLiteral("display_name")).toBe("'display_name'");
    for (const bad of ["a'b", "a b", "", "1a", "x".repeat(64), "é"]) {
      expect(() => identLiteral(bad)).toThrow(TypeError);
    }
    expect(() => fieldExpr({ name: "tenant_id", kind: "string", base: true })).toThrow(TypeError);
    expect(() => fieldExpr({ name: "x'y", kind: "string", base: false })).toThrow(TypeError);
  });
});
