import { describe, expect, it } from "vitest";
import { blobPrefix, objectKey } from "../../../server/gateway/files/index.js";

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
