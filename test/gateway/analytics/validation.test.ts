import { describe, expect, it } from "vitest";
import { validateBatch } from "../../../server/gateway/analytics/validate-events.js";
import { validateQuery } from "../../../server/gateway/analytics/validate-query.js";
import { ApiError } from "../../../server/shared/errors/api-error.js";
import { NOW } from "./fixture.js";

function codeOf(run: () => unknown): string {
  try {
    run();
    return "accepted";
  } catch (error) {
    return error instanceof ApiError ? error.code : String(error);
  }
}

const ok = {
  name: "page.view",
  timestamp: "2025-05-31T00:00:00Z",
  user_id: "u_1",
  properties: { plan: "pro", n: 1, b: true, z: null },
};
const at = (e: object) => ({ events: [{ ...ok, ...e }] });

describe("validateBatch", () => {
  it.each([
    ["a good batch", at({}), "accepted"],
    ["the largest batch (1000)", { events: Array(1000).fill(ok) }, "accepted"],
    ["no body", undefined, "validation_failed"],
    ["an empty batch", { events: [] }, "validation_failed"],
    ["1001 events", { events: Array(1001).fill(ok) }, "payload_too_large"],
    [
      "over 1 MiB",
      {
        events: Array(200).fill({
          ...ok,
          properties: {
            s: "x".repeat(1024),
            t: "y".repeat(1024),
            u: "z".repeat(1024),
            v: "w".repeat(1024),
            q: "q".repeat(1024),
            r: "r".repeat(1024),
          },
        }),
      },
      "payload_too_large",
    ],
    ["a bad event name", at({ name: "Drop table;" }), "validation_failed"],
    ["an event name too long", at({ name: `a${"b".repeat(128)}` }), "validation_failed"],
    ["an unparsable timestamp", at({ timestamp: "yesterday" }), "validation_failed"],
    ["a timestamp without zone", at({ timestamp: "2025-05-31T00:00:00" }), "validation_failed"],
    ["a timestamp three years old", at({ timestamp: "2022-05-31T00:00:00Z" }), "validation_failed"],
    ["a timestamp a day ahead", at({ timestamp: "2025-06-02T00:00:00Z" }), "validation_failed"],
    ["a nested property", at({ properties: { a: { b: 1 } } }), "validation_failed"],
    ["an array property", at({ properties: { a: [1] } }), "validation_failed"],
    ["a non-finite number", at({ properties: { a: Number.NaN } }), "validation_failed"],
    ["a long string value", at({ properties: { a: "x".repeat(1025) } }), "validation_failed"],
    ["a bad property name", at({ properties: { "a b": 1 } }), "validation_failed"],
    ["a property named user_id", at({ properties: { user_id: "u" } }), "validation_failed"],
    [
      "65 properties",
      at({ properties: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`p${i}`, i])) }),
      "validation_failed",
    ],
    ["an unknown field", at({ tenant_id: "t_other" }), "validation_failed"],
    ["a numeric user_id", at({ user_id: 7 }), "validation_failed"],
    [
      "properties missing",
      { events: [{ name: "a", timestamp: ok.timestamp }] },
      "validation_failed",
    ],
  ])("%s → %s", (_name, body, want) => {
    expect(codeOf(() => validateBatch(body, NOW))).toBe(want);
  });
});

const q = {
  event: "checkout.completed",
  from: "2025-04-01T00:00:00Z",
  to: "2025-04-15T00:00:00Z",
  aggregate: "count",
};
const filter = (f: object) => ({
  ...q,
  filters: [{ property: "plan", op: "eq", value: "pro", ...f }],
});

describe("validateQuery", () => {
  it.each([
    ["a good query", q, "accepted"],
    ["366 days", { ...q, from: "2024-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z" }, "accepted"],
    ["not an object", "SELECT 1", "validation_failed"],
    ["raw sql field", { ...q, sql: "SELECT 1" }, "validation_failed"],
    ["a tenant in the body", { ...q, tenant_id: "t_other" }, "validation_failed"],
    ["no aggregate", { ...q, aggregate: undefined }, "validation_failed"],
    ["an unknown aggregate", { ...q, aggregate: "max" }, "validation_failed"],
    ["sum without property", { ...q, aggregate: "sum" }, "validation_failed"],
    ["avg of user_id", { ...q, aggregate: "avg", property: "user_id" }, "validation_failed"],
    ["to before from", { ...q, to: "2025-03-01T00:00:00Z" }, "validation_failed"],
    ["an empty range", { ...q, to: q.from }, "validation_failed"],
    [
      "367 days",
      { ...q, from: "2024-01-01T00:00:00Z", to: "2025-01-02T00:00:00Z" },
      "validation_failed",
    ],
    ["a bad date", { ...q, from: "2025-13-01T00:00:00Z" }, "validation_failed"],
    ["interval year", { ...q, interval: "year" }, "validation_failed"],
    ["4 group_by", { ...q, group_by: ["a", "b", "c", "d"] }, "validation_failed"],
    ["duplicate group_by", { ...q, group_by: ["a", "a"] }, "validation_failed"],
    ["empty group_by", { ...q, group_by: [] }, "validation_failed"],
    [
      "21 filters",
      { ...q, filters: Array(21).fill({ property: "a", op: "eq", value: 1 }) },
      "validation_failed",
    ],
    ["op like", filter({ op: "like" }), "validation_failed"],
    ["in with a scalar", filter({ op: "in" }), "validation_failed"],
    ["in with 101 values", filter({ op: "in", value: Array(101).fill("x") }), "validation_failed"],
    ["in with an empty list", filter({ op: "in", value: [] }), "validation_failed"],
    ["eq with an array", filter({ value: ["pro"] }), "validation_failed"],
    ["eq with null", filter({ value: null }), "validation_failed"],
    ["eq with an object", filter({ value: { $ne: 1 } }), "validation_failed"],
    ["gt with a boolean", filter({ op: "gt", value: true }), "validation_failed"],
    ["user_id with a number", filter({ property: "user_id", value: 3 }), "validation_failed"],
    ["a filter with an extra field", filter({ raw: "1=1" }), "validation_failed"],
    ["a value over 1024 chars", filter({ value: "x".repeat(1025) }), "validation_failed"],
  ])("%s → %s", (_name, body, want) => {
    expect(codeOf(() => validateQuery(body))).toBe(want);
  });

  it("lists every problem of a request at once", () => {
    try {
      validateQuery({ event: "", from: "x", to: "y", aggregate: "max" });
      expect.unreachable();
    } catch (error) {
      expect((error as ApiError).errors?.map((e) => e.path)).toEqual([
        "/body/event",
        "/body/from",
        "/body/to",
        "/body/aggregate",
      ]);
    }
  });
});
