import { describe, expect, it } from "vitest";
import { scopePrefix, storageKey } from "../../../server/gateway/kv/index.js";

describe("KV storage keys", () => {
  const base = { tenantId: "ten_1", appId: "app_1" };
  it.each([
    { given: { ...base, tier: "private" as const }, want: "cpod:kv:{ten_1}:private:app_1:k" },
    {
      given: { ...base, tier: "user" as const, userId: "usr_9" },
      want: "cpod:kv:{ten_1}:user:usr_9:k",
    },
    { given: { ...base, tier: "shared" as const }, want: "cpod:kv:{ten_1}:shared:_:k" },
  ])("$given.tier → $want (tenant is the Redis Cluster hash tag)", ({ given, want }) => {
    expect(storageKey(given, "k")).toBe(want);
  });

  it("refuses scope ids that could forge another namespace", () => {
    for (const bad of ["a:b", "a}b", "a*", ""])
      expect(() => scopePrefix({ ...base, tier: "private", appId: bad })).toThrow(TypeError);
  });
});
