import { describe, expect, it } from "vitest";
import {
  DEFAULT_SORT,
  isEntityId,
  parseIfMatch,
  parseLimit,
  parseSort,
} from "../../../server/gateway/entities/index.js";
import { ApiError } from "../../../server/shared/errors/api-error.js";
import { widget } from "./fixtures.js";

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? error.code : "other";
  }
  return "none";
};

describe("request inputs", () => {
  it.each<[string | undefined, number | undefined]>([
    [undefined, undefined],
    ["*", undefined],
    ['"3"', 3],
    ['W/"12"', 12],
    ["7", 7],
    [' "4" ', 4],
  ])("If-Match %s → version %s", (header, want) => {
    expect(parseIfMatch(header)).toBe(want);
  });

  it.each(['"0"', '"-1"', '"3', '3"', '"a"', '"1", "2"', "", '"9999999999999999"', 'W/""'])(
    "If-Match %s can match nothing → precondition_failed",
    (header) => {
      expect(code(() => parseIfMatch(header))).toBe("precondition_failed");
    },
  );

  it("takes page sizes 1..500, default 50", () => {
    expect(parseLimit(undefined)).toBe(50);
    expect(parseLimit(1)).toBe(1);
    expect(parseLimit(500)).toBe(500);
    for (const bad of [0, 501, 1.5, -3, Number.NaN]) {
      expect(code(() => parseLimit(bad))).toBe("validation_failed");
    }
  });

  it("sorts on queryable fields only, one key, optionally descending", () => {
    expect(parseSort(widget, undefined)).toEqual(DEFAULT_SORT);
    expect(parseSort(widget, "-rank")).toEqual({ field: "rank", direction: "desc" });
    expect(parseSort(widget, "created_at")).toEqual({ field: "created_at", direction: "asc" });
    for (const bad of ["notes", "tags", "tenant_id", "rank,id", "--rank", "+rank", "__proto__"]) {
      expect(code(() => parseSort(widget, bad))).toBe("validation_failed");
    }
  });

  it("recognizes ids of the type only", () => {
    expect(isEntityId(widget, "wid_01JD6QB3C4D5E6F7G8H9J0K1M2")).toBe(true);
    for (const bad of [
      "per_01JD6QB3C4D5E6F7G8H9J0K1M2",
      "wid_01JD6QB3C4D5E6F7G8H9J0K1MU",
      "wid_",
      5,
    ]) {
      expect(isEntityId(widget, bad)).toBe(false);
    }
  });
});
