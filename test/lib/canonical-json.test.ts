import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../lib/canonical-json.js";

describe("canonicalJson", () => {
  it.each([
    [
      "sorted keys, nested",
      { b: 1, a: { d: [true, null], c: "x" } },
      '{"a":{"c":"x","d":[true,null]},"b":1}',
    ],
    [
      "UTF-16 key order",
      { "\u20ac": 1, "\r": 2, "\ud83d\ude00": 3, é: 4 },
      '{"\\r":2,"é":4,"€":1,"😀":3}',
    ],
    [
      "ECMAScript numbers",
      [1e21, 1e-7, -0, 0.1, 333333333.3333333],
      "[1e+21,1e-7,0,0.1,333333333.3333333]",
    ],
    ["undefined members dropped", { a: undefined, b: [undefined] }, '{"b":[null]}'],
    ["a bare null", null, "null"],
  ])("%s", (_name, value, want) => {
    expect(canonicalJson(value)).toBe(want);
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a lone surrogate", { "\ud800": 1 }],
    ["undefined (no JSON text)", undefined],
  ])("refuses %s instead of hashing something else", (_name, value) => {
    expect(() => canonicalJson(value)).toThrow();
  });
});
