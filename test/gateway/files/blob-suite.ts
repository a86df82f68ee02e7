// The BlobStore conformance suite, part 1: metadata, ranges, checksums, paths, isolation and
// listing, driven through FileService. Run against every adapter by
// test/conformance/blob-store.test.ts.
import { Readable } from "node:stream";
import { expect, it } from "vitest";
import type { BlobCtx } from "./blob-fixtures.js";
import { text } from "./blob-fixtures.js";

type Page = { items: { path: string }[]; next: string | null };
const body = (s: string) => Readable.from([Buffer.from(s)]);
const HELLO_SHA = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"; // "hello world"

/** Registers the part-1 tests on `ctx`. */
export function blobBasicsTests(ctx: BlobCtx): void {
  it("puts and reads back bytes, content type and SHA-256", async () => {
    const put = await ctx.files.put(ctx.scope, "docs/hello.txt", body("hello world"), {
      contentType: "text/plain",
    });
    expect(put).toMatchObject({
      path: "docs/hello.txt",
      size: 11,
      content_type: "text/plain",
      sha256: HELLO_SHA,
      etag: `"${HELLO_SHA}"`,
    });
    expect(await ctx.files.head(ctx.scope, "docs/hello.txt")).toEqual(put);
    const got = await ctx.files.get(ctx.scope, "docs/hello.txt");
    expect(got.object).toEqual(put);
    expect(await text(got.body)).toBe("hello world");
  });

  it("stores an empty object", async () => {
    const put = await ctx.files.put(ctx.scope, "empty", body(""));
    expect(put).toMatchObject({ size: 0, content_type: "application/octet-stream" });
    expect(await text((await ctx.files.get(ctx.scope, "empty")).body)).toBe("");
  });

  it.each([
    { range: { start: 0, end: 4 }, want: "hello" },
    { range: { start: 6 }, want: "world" },
    { range: { suffix: 3 }, want: "rld" },
    { range: { start: 6, end: 999 }, want: "world" },
    { range: { suffix: 99 }, want: "hello world" },
  ])("serves range $range", async ({ range, want }) => {
    await ctx.files.put(ctx.scope, "r.txt", body("hello world"));
    const got = await ctx.files.get(ctx.scope, "r.txt", range);
    expect(await text(got.body)).toBe(want);
    expect(got.object.size).toBe(11);
  });

  it("answers range_not_satisfiable past the end", async () => {
    await ctx.files.put(ctx.scope, "r.txt", body("hello world"));
    for (const range of [{ start: 11 }, { suffix: 0 }])
      await expect(ctx.files.get(ctx.scope, "r.txt", range)).rejects.toMatchObject({
        code: "range_not_satisfiable",
      });
  });

  it("stores nothing when X-Checksum-SHA256 does not match, keeping the old object", async () => {
    await ctx.files.put(ctx.scope, "c.txt", body("hello world"));
    const wrong = "0".repeat(64);
    await expect(
      ctx.files.put(ctx.scope, "c.txt", body("other"), { expectedSha256: wrong }),
    ).rejects.toMatchObject({ code: "bad_request" });
    expect((await ctx.files.head(ctx.scope, "c.txt")).sha256).toBe(HELLO_SHA);
    expect(await ctx.opened.leftovers()).toEqual([]);
  });

  it("enforces the size limit while streaming and leaves nothing behind", async () => {
    await expect(
      ctx.files.put(ctx.scope, "big.bin", body("x".repeat(5000)), { maxBytes: 1000 }),
    ).rejects.toMatchObject({ code: "payload_too_large" });
    await expect(ctx.files.head(ctx.scope, "big.bin")).rejects.toMatchObject({ code: "not_found" });
    expect(await ctx.opened.leftovers()).toEqual([]);
  });

  it.each([
    "../x",
    "a/../../x",
    "..",
    ".",
    "a/./b",
    "./a",
    "%2e%2e/x",
    "a%2fb",
    "%252e%252e/x",
    "a%5cb",
    "/etc/passwd",
    "C:/x",
    "a\\b",
    "..\\x",
    "a\u0000b",
    "a\nb",
    "a//b",
    "a/",
    "",
    "x".repeat(1025),
    "a b",
    "ä",
  ])("rejects the path %j with validation_failed", async (path) => {
    await expect(ctx.files.put(ctx.scope, path, body("x"))).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(ctx.files.get(ctx.scope, path)).rejects.toMatchObject({
      code: "validation_failed",
    });
  });

  it("keeps tenants, tiers and apps apart (another tenant's path is not found)", async () => {
    await ctx.files.put(ctx.scope, "iso/secret.txt", body("mine"));
    for (const s of [
      ctx.other,
      { ...ctx.scope, appId: "app_2" },
      { ...ctx.scope, tier: "shared" as const },
    ]) {
      await expect(ctx.files.get(s, "iso/secret.txt")).rejects.toMatchObject({ code: "not_found" });
      await expect(ctx.files.head(s, "iso/secret.txt")).rejects.toMatchObject({
        code: "not_found",
      });
      await expect(ctx.files.presign(s, "iso/secret.txt", "GET", 60)).rejects.toMatchObject({
        code: "not_found",
      });
      expect((await ctx.files.list(s, { prefix: "iso/" })).items).toEqual([]);
      await ctx.files.delete(s, "iso/secret.txt");
    }
    expect((await ctx.files.head(ctx.scope, "iso/secret.txt")).size).toBe(4);
  });

  it("lists by prefix in lexicographic pages", async () => {
    const paths = ["l/a.txt", "l/b/c.txt", "l/b/d", "l/ba/x", "l/c", "l2/z", "m"];
    for (const p of paths) await ctx.files.put(ctx.scope, p, body(p));
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Page = await ctx.files.list(ctx.scope, { prefix: "l/", limit: 2, after });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.path));
      after = page.next;
    } while (after);
    expect(seen).toEqual(["l/a.txt", "l/b/c.txt", "l/b/d", "l/ba/x", "l/c"]);
    const partial = await ctx.files.list(ctx.scope, { prefix: "l/b" });
    expect(partial.items.map((i) => i.path)).toEqual(["l/b/c.txt", "l/b/d", "l/ba/x"]);
    await expect(ctx.files.list(ctx.scope, { prefix: "../" })).rejects.toMatchObject({
      code: "validation_failed",
    });
  });

  it("lets a file and a folder share a name (capability)", async (test) => {
    if (!ctx.opened.fileAndFolderListed) return test.skip();
    for (const p of ["f/a", "f/a/b"]) await ctx.files.put(ctx.scope, p, body(p));
    const page = await ctx.files.list(ctx.scope, { prefix: "f/" });
    expect(page.items.map((i) => i.path)).toEqual(["f/a", "f/a/b"]);
    expect(await text((await ctx.files.get(ctx.scope, "f/a")).body)).toBe("f/a");
  });

  it("deletes idempotently, and with If-Match only the version read", async () => {
    const put = await ctx.files.put(ctx.scope, "d.txt", body("x"));
    await expect(ctx.files.delete(ctx.scope, "d.txt", `"${"1".repeat(64)}"`)).rejects.toMatchObject(
      { code: "precondition_failed" },
    );
    await ctx.files.delete(ctx.scope, "d.txt", put.etag);
    await ctx.files.delete(ctx.scope, "d.txt");
    await expect(ctx.files.head(ctx.scope, "d.txt")).rejects.toMatchObject({ code: "not_found" });
  });
}
