import { describe, expect, it } from "vitest";
import { parseOverrides, withOverrides } from "../../../sidecar/tenants/limit-overrides.js";
import { PLAN_LIMITS } from "../../../sidecar/tenants/tenant-directory.js";

describe("limit overrides", () => {
  it("applies each given field over the plan's and leaves the rest", () => {
    expect(withOverrides("pro", null)).toEqual(PLAN_LIMITS.pro);
    expect(withOverrides("pro", {})).toEqual({ ...PLAN_LIMITS.pro });
    expect(withOverrides("free", { window_seconds: 60 })).toEqual({
      requestsPerWindow: 100,
      windowMs: 60_000,
      burst: 100,
    });
    expect(withOverrides("platinum", { requests_per_window: 3 })).toEqual({
      requestsPerWindow: 3,
      windowMs: PLAN_LIMITS.free?.windowMs,
      burst: 3,
    });
  });

  it("reads null and absent as no overrides", () => {
    expect(parseOverrides(null)).toBeNull();
    expect(parseOverrides(undefined)).toBeNull();
    expect(parseOverrides({ requests_per_window: 5 })).toEqual({ requests_per_window: 5 });
  });

  it.each([
    ["a list", [1], /must be an object or null/],
    ["a string", "10/s", /must be an object or null/],
    ["an unknown field", { burst: 1 }, /unknown fields: burst/],
    ["zero", { requests_per_window: 0 }, /requests_per_window must be a positive integer/],
    ["a fraction", { window_seconds: 0.5 }, /window_seconds must be a positive integer/],
    ["a numeric string", { window_seconds: "5" }, /window_seconds must be a positive integer/],
  ])("refuses %s, saying what is wrong", (_, value, message) => {
    expect(() => parseOverrides(value)).toThrow(message);
  });

  it("with ignoreUnknown (a newer control plane), drops unknown fields and reports them", () => {
    const reported: string[][] = [];
    const value = { requests_per_window: 5, burst: 1, later: true };
    expect(parseOverrides(value, (f) => reported.push(f))).toEqual({ requests_per_window: 5 });
    expect(reported).toEqual([["burst", "later"]]);
  });
});
