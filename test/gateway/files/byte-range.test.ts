import { describe, expect, it } from "vitest";
import { parseRangeHeader, resolveRange } from "../../../server/gateway/files/index.js";

describe("Range header", () => {
  it.each([
    { given: "bytes=0-1023", want: { start: 0, end: 1023 } },
    { given: "bytes=1024-", want: { start: 1024, end: undefined } },
    { given: "bytes=-500", want: { suffix: 500 } },
    { given: "bytes=5-1", want: null },
    { given: "bytes=0-1,5-9", want: null },
    { given: "items=0-1", want: null },
    { given: "bytes=-", want: null },
    { given: undefined, want: null },
  ])("parses $given", ({ given, want }) => {
    expect(parseRangeHeader(given)).toEqual(want);
  });

  it.each([
    { range: { start: 0, end: 9 }, size: 5, want: { start: 0, end: 4 } },
    { range: { suffix: 10 }, size: 5, want: { start: 0, end: 4 } },
    { range: { start: 4 }, size: 5, want: { start: 4, end: 4 } },
  ])("resolves $range against $size bytes", ({ range, size, want }) => {
    expect(resolveRange(range, size)).toEqual(want);
  });

  it("answers 416 with Content-Range past the end", () => {
    expect(() => resolveRange({ start: 5 }, 5)).toThrow(
      expect.objectContaining({
        code: "range_not_satisfiable",
        headers: { "content-range": "bytes */5" },
      }),
    );
    expect(() => resolveRange({ suffix: 1 }, 0)).toThrow(
      expect.objectContaining({ code: "range_not_satisfiable" }),
    );
  });
});
