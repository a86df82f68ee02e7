// File paths the contract refuses are 400 validation_failed over HTTP, never a 500 from the disk
// or the sidecar, and write nothing (issue #13 items 6 and 10).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DataStack, json, startDataStack, variants } from "./data-stack.js";

describe.each(variants())("file paths over HTTP — $name", (variant) => {
  let s: DataStack;
  let auth: Record<string, string>;
  beforeAll(async () => {
    s = await startDataStack(variant);
    auth = await s.auth("ten_alpha");
  }, 60_000);
  afterAll(async () => s?.close());

  const call = (method: string, path: string, init: RequestInit = {}) =>
    fetch(`${s.url}/v1/files/${path}`, { ...init, method, headers: { ...auth, ...init.headers } });
  const put = (path: string) =>
    call("PUT", path, { headers: { "content-type": "text/plain" }, body: "hello" });

  it.each([
    ["a 255-character segment", `docs/${"a".repeat(255)}`],
    ["a path over 1,024 characters", `${"a/".repeat(550)}b`],
    ["a path ending in the presign operation", "0/presign"],
  ])("PUT with %s → 400 validation_failed, nothing stored", async (_, path) => {
    const res = await put(`${s.run}/${path}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "validation_failed" });
    const listed = await fetch(`${s.url}/v1/files?prefix=${s.run}/`, { headers: auth });
    expect((await json(listed)).items).toEqual([]);
  });

  it("GET of a path over 1,024 characters is 400, not 500", async () => {
    const res = await call("GET", "x".repeat(1100));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "validation_failed" });
  });

  it("a file named 0 can still be presigned beside it", async () => {
    expect((await put(`${s.run}/0`)).ok).toBe(true);
    const res = await call("POST", `${s.run}/0/presign`, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ method: "GET", expires_in: 60 }),
    });
    expect(res.status).toBe(200);
    expect((await json(res)).url).toEqual(expect.any(String));
  });
});
