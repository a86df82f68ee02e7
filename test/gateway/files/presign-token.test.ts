import { describe, expect, it } from "vitest";
import { signPresignedUrl, verifyPresignedUrl } from "../../../server/gateway/files/index.js";

describe("embedded presigned URLs", () => {
  const secret = Buffer.alloc(32, 1);
  const base = "http://gw.test/v1/presigned";
  const now = 1_700_000_000_000;
  const grant = {
    method: "GET" as const,
    key: "t/ten_1/private/app_1/a/b.txt",
    expires: now / 1000 + 60,
  };
  const url = signPresignedUrl(secret, base, grant);

  it("verifies and answers the granted key", () => {
    expect(verifyPresignedUrl(secret, base, url, "GET", now)).toBe(grant.key);
  });

  it.each([
    { label: "another method", mutate: (u: string) => u, method: "PUT", at: now },
    {
      label: "a changed key",
      mutate: (u: string) => u.replace("b.txt", "c.txt"),
      method: "GET",
      at: now,
    },
    {
      label: "a changed expiry",
      mutate: (u: string) => u.replace(/Expires=\d+/, "Expires=9999999999"),
      method: "GET",
      at: now,
    },
    {
      label: "another tenant",
      mutate: (u: string) => u.replace("ten_1", "ten_2"),
      method: "GET",
      at: now,
    },
    { label: "expiry passed", mutate: (u: string) => u, method: "GET", at: now + 60_000 },
    {
      label: "another signing key",
      mutate: (u: string) => u,
      method: "GET",
      at: now,
      key: Buffer.alloc(32, 2),
    },
  ])("denies $label", ({ mutate, method, at, key }) => {
    expect(() => verifyPresignedUrl(key ?? secret, base, mutate(url), method, at)).toThrow(
      expect.objectContaining({ code: "permission_denied" }),
    );
  });
});
