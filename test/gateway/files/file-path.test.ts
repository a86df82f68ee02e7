import { describe, expect, it } from "vitest";
import { MAX_SEGMENT } from "../../../server/gateway/files/file-path.js";
import { blobPrefix, checkPath, MAX_PATH, objectKey } from "../../../server/gateway/files/index.js";

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
