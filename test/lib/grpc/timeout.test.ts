import { describe, expect, it } from "vitest";
import { formatGrpcTimeout, parseGrpcTimeout } from "../../../lib/grpc/timeout.js";

describe("grpc-timeout", () => {
  it.each([
    ["1H", 3_600_000],
    ["2M", 120_000],
    ["3S", 3_000],
    ["250m", 250],
    ["1500u", 1.5],
    ["2000000n", 2],
    ["0m", 0],
    ["99999999S", 99_999_999_000],
  ])("parses %s as %d ms", (given, want) => {
    expect(parseGrpcTimeout(given)).toBeCloseTo(want, 9);
  });

  it.each([
    ["", "empty"],
    ["m", "no digits"],
    ["100", "no unit"],
    ["5s", "lower-case seconds is not a unit"],
    ["123456789m", "nine digits"],
    ["-5m", "a sign"],
    ["1.5S", "a fraction"],
    [" 5m", "whitespace"],
    ["5 m", "inner whitespace"],
  ])("refuses %j (%s)", (given) => {
    expect(parseGrpcTimeout(given)).toBeUndefined();
  });

  it.each([
    [250, "250m"],
    [99_999_999, "99999999m"],
    [100_000_000, "100000S"],
    [0.5, "500000n"],
    [1.1, "1100000n"],
    [99_999.5, "99999500u"],
    [150_000.5, "150001m"],
    [0, "1n"],
    [-3, "1n"],
    [1e13, "2777778H"],
    [1e20, "99999999H"],
  ])("formats %d ms as %s", (given, want) => {
    expect(formatGrpcTimeout(given)).toBe(want);
  });

  it("never formats a deadline shorter than asked, and always within eight digits", () => {
    for (const ms of [1, 7.3, 999.999, 12_345.678, 2 ** 31, 123_456_789_012]) {
      const value = formatGrpcTimeout(ms);
      expect(value).toMatch(/^\d{1,8}[HMSmun]$/);
      expect(parseGrpcTimeout(value)).toBeGreaterThanOrEqual(ms);
    }
  });
});
