import { describe, expect, it } from "vitest";
import { compileQuery } from "../../../server/gateway/analytics/sql/compile-query.js";
import type { AnalyticsQuery } from "../../../server/gateway/analytics/types.js";

const base = {
  event: "checkout.completed",
  from: "2025-04-01T00:00:00Z",
  to: "2025-04-15T00:00:00Z",
};

describe("compileQuery", () => {
  it("compiles the contract's example to one parameterised SELECT", () => {
    const q: AnalyticsQuery = {
      ...base,
      interval: "day",
      group_by: ["plan"],
      aggregate: "sum",
      property: "amount",
      filters: [{ property: "country", op: "in", value: ["DE", "FR"] }],
    };
    const { sql, params } = compileQuery("t_1", q);
    expect(sql).toBe(
      [
        "SELECT toDateTime(toStartOfDay(ts), 'UTC') AS bucket, if(JSONType(properties, {g0:String}) = 'Null', '', JSONExtractRaw(properties, {g0:String})) AS g0, ifNull(sum(if(JSONType(properties, {agg:String}) IN ('Int64', 'UInt64', 'Double'), JSONExtractFloat(properties, {agg:String}), NULL)), 0) AS value",
        "FROM events",
        "WHERE tenant_id = {tenant:String}",
        "  AND event = {event:String}",
        "  AND ts >= {from:DateTime64(3, 'UTC')}",
        "  AND ts < {to:DateTime64(3, 'UTC')}",
        "  AND ((JSONType(properties, {f0:String}) = 'String' AND JSONExtractString(properties, {f0:String}) IN {f0_s:Array(String)}))",
        "GROUP BY bucket, g0",
        "ORDER BY bucket, g0",
        "LIMIT {limit:UInt32}",
      ].join("\n"),
    );
    expect(params).toEqual({
      tenant: "t_1",
      event: "checkout.completed",
      from: "2025-04-01 00:00:00.000",
      to: "2025-04-15 00:00:00.000",
      limit: 10_001,
      agg: "amount",
      g0: "plan",
      f0: "country",
      f0_s: ["DE", "FR"],
    });
  });

  it.each([
    ["minute", "toStartOfMinute(ts)"],
    ["hour", "toStartOfHour(ts)"],
    ["day", "toStartOfDay(ts)"],
    ["week", "toStartOfWeek(ts, 1)"],
    ["month", "toStartOfMonth(ts)"],
  ] as const)("maps interval %s to %s", (interval, fn) => {
    expect(compileQuery("t", { ...base, aggregate: "count", interval }).sql).toContain(
      `toDateTime(${fn}, 'UTC')`,
    );
  });

  it("never puts a request value or the tenant into the SQL text", () => {
    const hostile = "zz' OR 1=1 --";
    const q: AnalyticsQuery = {
      ...base,
      aggregate: "avg",
      property: "amount",
      group_by: ["user_id", "plan"],
      filters: [
        { property: "plan", op: "ne", value: hostile },
        { property: "user_id", op: "eq", value: hostile },
        { property: "amount", op: "gte", value: 1e9 },
        { property: "beta", op: "in", value: [true, hostile, 3] },
      ],
    };
    const { sql, params } = compileQuery(hostile, q);
    for (const text of [hostile, "checkout", "2025", "amount", "plan", "beta", "1000000000"]) {
      expect(sql).not.toContain(text);
    }
    expect(params.tenant).toBe(hostile);
    expect(Object.values(params)).toContainEqual([hostile]);
  });

  it("binds each filter value with the SQL type of its JSON type", () => {
    const filters = [
      { property: "a", op: "eq", value: "x" },
      { property: "b", op: "lt", value: 2 },
      { property: "c", op: "ne", value: false },
    ] as const;
    const { sql } = compileQuery("t", { ...base, aggregate: "count", filters: [...filters] });
    expect(sql).toContain("JSONExtractString(properties, {f0:String}) = {f0v:String}");
    expect(sql).toContain("JSONExtractFloat(properties, {f1:String}) < {f1v:Float64}");
    expect(sql).toContain(
      "NOT (JSONType(properties, {f2:String}) = 'Bool' AND JSONExtractBool(properties, {f2:String}) = {f2v:Bool})",
    );
  });
});
