import { describe, expect, it } from "vitest";
import { MAX_SEGMENT } from "../../../server/gateway/files/file-path.js";
import {
  blobPrefix,
  checkFilePrefix,
  checkPath,
  MAX_PATH,
  objectKey,
} from "../../../server/gateway/files/index.js";
import type { ApiError } from "../../../server/shared/errors/api-error.js";

/** The validation_failed error `check(value)` throws (the call must throw one). */
function refusal(check: (value: string) => void, value: string): ApiError {
  try {
    check(value);
  } catch (error) {
    expect(error).toMatchObject({ code: "validation_failed" });
    return error as ApiError;
  }
  return expect.unreachable(`${JSON.stringify(value)} was accepted`);
}

/** A table row `[title, message, value]`, the title short even for a 1 KiB value. */
const row = ([value, message]: [string, string]) => {
  const title =
    value.length > 40
      ? `${JSON.stringify(value.slice(0, 24))}… (${value.length} chars)`
      : JSON.stringify(value);
  return [title, message, value] as const;
};

describe("object keys", () => {
  const base = { tenantId: "ten_1", appId: "app_1" };
  it.each([
    { given: { ...base, tier: "private" as const }, want: "t/ten_1/private/app_1/a/b.txt" },
    {
      given: { ...base, tier: "user" as const, userId: "usr_1" },
      want: "t/ten_1/user/usr_1/a/b.txt",
    },
    { given: { ...base, tier: "shared" as const }, want: "t/ten_1/shared/_/a/b.txt" },
  ])("$given.tier → $want", ({ given, want }) => {
    expect(objectKey(given, "a/b.txt")).toBe(want);
  });

  it("needs a user id for the user tier and refuses unsafe scope ids", () => {
    expect(() => blobPrefix({ ...base, tier: "user" })).toThrow(
      expect.objectContaining({ code: "validation_failed" }),
    );
    for (const bad of ["..", "a/b", "a\\b", ""])
      expect(() => blobPrefix({ ...base, tier: "private", appId: bad })).toThrow(TypeError);
  });
});

describe("checkPath", () => {
  const seg = (n: number) => "a".repeat(n);
  it.each([
    "reports/2025/q1.pdf",
    "a",
    "presign.txt",
    "presign/a.txt", // only the last segment names the operation
    seg(MAX_SEGMENT),
    `${seg(MAX_SEGMENT)}/${seg(MAX_SEGMENT)}`,
  ])("accepts %s", (path) => {
    expect(() => checkPath(path)).not.toThrow();
  });

  it.each([
    ["", "empty"],
    ["a".repeat(MAX_PATH + 1), "too long"],
    [seg(MAX_SEGMENT + 1), "a segment over the limit (ENAMETOOLONG on disk)"],
    [`x/${seg(255)}`, "a 255-character segment"],
    ["0/presign", "the presign operation's name as last segment"],
    ["presign", "the operation's name alone"],
    ["../etc/passwd", "traversal"],
    ["a/./b", "a dot segment"],
    ["a//b", "an empty segment"],
    ["/abs", "an absolute path"],
    ["a\\b", "a backslash"],
    ["a%2e%2e", "percent-encoding"],
    ["a\u0000b", "NUL"],
    ["a b", "a space"],
  ])("refuses %j (%s) as validation_failed", (path) => {
    expect(() => checkPath(path)).toThrow(expect.objectContaining({ code: "validation_failed" }));
  });
});

// Many rules overlap (a backslash or `%` also fails the segment alphabet), so "it throws" would
// not notice one rule going missing: each case names the rule that must be the one to refuse it,
// and the field the error points at.
const manySegments = (length: number) => `${"abcdefg/".repeat(length / 8 - 1)}abcdefgh`;

const PATH_PROBLEMS: [string, string][] = [
  ["", "must be 1..1024 characters"],
  [manySegments(MAX_PATH + 8), "must be 1..1024 characters"], // short segments, long path
  ["a\u0000b", "must not contain NUL or control characters"],
  ["a\u001fb", "must not contain NUL or control characters"],
  ["a\u007fb", "must not contain NUL or control characters"],
  ["a\nb", "must not contain NUL or control characters"],
  ["a\\b", "must not contain backslashes"],
  ["..\\windows\\win.ini", "must not contain backslashes"],
  ["/etc/passwd", "must be relative"],
  ["C:/Windows/win.ini", "must be relative"],
  ["c:x", "must be relative"],
  ["a%2e%2e", "must not contain percent-encoded characters"],
  ["%2e%2e/%2e%2e/etc/passwd", "must not contain percent-encoded characters"],
  ["a/%252e%252e/b", "must not contain percent-encoded characters"], // double encoding
  ["a//b", "must not contain empty segments"],
  ["a/", "must not contain empty segments"],
  ["..", "must not contain . or .. segments"],
  ["../etc/passwd", "must not contain . or .. segments"],
  ["a/../../b", "must not contain . or .. segments"],
  ["a/./b", "must not contain . or .. segments"],
  ["a b", "segments use only A-Z a-z 0-9 . _ -"],
  ["ab:c", "segments use only A-Z a-z 0-9 . _ -"],
  ["caf\u00e9.txt", "segments use only A-Z a-z 0-9 . _ -"],
  [`x/${"a".repeat(201)}`, "segments must be at most 200 characters"],
  ["reports/presign", 'must not end in "presign", which names an operation'],
];

describe("checkPath refuses each path for its own reason", () => {
  it.each(PATH_PROBLEMS.map(row))("%s: %s", (_, message, path) => {
    const error = refusal(checkPath, path);
    expect(error.message).toBe(`path ${message}`);
    expect(error.errors).toEqual([{ path: "/path/path", message }]);
  });

  it("accepts the limits themselves: a 1024-character path, 200-character segments", () => {
    const longest = manySegments(MAX_PATH);
    expect(longest).toHaveLength(MAX_PATH);
    expect(() => checkPath(longest)).not.toThrow();
    expect(() => checkPath(`${"a".repeat(200)}/${"b".repeat(200)}`)).not.toThrow();
    expect(() => checkPath("...a/..b/b../.hidden/x-y_z.tar.gz")).not.toThrow();
    expect(() => checkFilePrefix("a".repeat(MAX_PATH))).not.toThrow();
  });

  it("objectKey validates before it builds a key", () => {
    const scope = { tenantId: "ten_1", appId: "app_1", tier: "private" as const };
    expect(refusal((p) => objectKey(scope, p), "../ten_2/private/app_1/x").message).toBe(
      "path must not contain . or .. segments",
    );
  });
});

const ALPHABET = "prefix must match ^[A-Za-z0-9._/-]*$ and be relative";
const DOTS = "prefix must not contain . or .. segments";
const PREFIX_PROBLEMS: [string, string][] = [
  ["/abs/", ALPHABET],
  ["a\\b/", ALPHABET],
  ["a%2f", ALPHABET],
  ["a b", ALPHABET],
  ["a".repeat(MAX_PATH + 1), ALPHABET],
  ["../", DOTS],
  ["a/../b", DOTS],
  ["a/..", DOTS],
  ["./a", DOTS],
];

describe("checkFilePrefix", () => {
  it.each(["", "reports/", "reports/2025", "a/b/c/", ".hidden/", "x..y/"])("accepts %j", (prefix) =>
    expect(() => checkFilePrefix(prefix)).not.toThrow(),
  );

  it.each(PREFIX_PROBLEMS.map(row))("refuses %s: %s", (_, message, prefix) => {
    expect(refusal(checkFilePrefix, prefix).errors).toEqual([{ path: "/query/prefix", message }]);
  });
});
