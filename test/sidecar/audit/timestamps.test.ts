import { describe, expect, it } from "vitest";
import { normalizeTimestamp } from "../../../sidecar/audit/timestamps.js";

describe("normalizeTimestamp", () => {
  it.each([
    { given: "2025-01-31T12:00:00Z", want: "2025-01-31T12:00:00.000Z" },
    { given: "2025-01-31T12:00:00.5Z", want: "2025-01-31T12:00:00.500Z" },
    { given: "2025-01-31T12:00:00.123456789Z", want: "2025-01-31T12:00:00.123Z" },
    { given: "2025-01-31T14:00:00.123+02:00", want: "2025-01-31T12:00:00.123Z" },
    { given: "2024-02-29T00:00:00Z", want: "2024-02-29T00:00:00.000Z" },
  ])("floor: $given → $want", ({ given, want }) => {
    expect(normalizeTimestamp(given)).toBe(want);
  });

  it.each([
    { given: "2025-01-31T12:00:00.1231Z", want: "2025-01-31T12:00:00.124Z" },
    { given: "2025-01-31T12:00:00.999001Z", want: "2025-01-31T12:00:01.000Z" },
    { given: "2025-01-31T12:00:00.123000Z", want: "2025-01-31T12:00:00.123Z" },
  ])("ceil: $given → $want", ({ given, want }) => {
    expect(normalizeTimestamp(given, "ceil")).toBe(want);
  });

  it.each([
    "2025-02-30T00:00:00Z",
    "2025-01-31T24:00:00Z",
    "2025-12-31T23:59:60Z",
    "2025-13-01T00:00:00Z",
    "2025-01-31 12:00:00Z",
    "2025-01-31T12:00:00",
    "9999-12-31T23:00:00-02:00",
  ])("refuses %s", (given) => {
    expect(normalizeTimestamp(given)).toBeUndefined();
  });
});
