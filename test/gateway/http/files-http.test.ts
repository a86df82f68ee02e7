import { createHash } from "node:crypto";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generated } from "../files/blob-fixtures.js";
import { type DataStack, json, startDataStack, variants } from "./data-stack.js";

const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

describe.each(variants())("files over HTTP — $name", (variant) => {
  let s: DataStack;
  let alpha: Record<string, string>;
  const url = (path: string) => `${s.url}/v1/files/${path}`;
  const put = (
    path: string,
    body: NonNullable<RequestInit["body"]>,
    headers: Record<string, string> = {},
  ) =>
    fetch(url(path), {
      method: "PUT",
      headers: { ...alpha, ...headers },
      body,
      duplex: "half",
    } as RequestInit);

  beforeAll(async () => {
    s = await startDataStack(variant);
    alpha = await s.auth("ten_alpha");
  }, 60_000);
  afterAll(async () => s?.close());

  it("streams an upload in and a download out, keeping SHA-256 and content type", async () => {
    const size = 5 * 2 ** 20 + 123;
    const { stream, sha256 } = generated(size);
    const res = await put(
      `big/${s.run}.bin`,
      stream as unknown as NonNullable<RequestInit["body"]>,
      {
        "content-type": "application/x-test",
      },
    );
    expect(res.status).toBe(200);
    const object = await json(res);
    expect(object).toMatchObject({
      path: `big/${s.run}.bin`,
      size,
      content_type: "application/x-test",
    });
    expect(object.sha256).toBe(sha256());
    expect(res.headers.get("etag")).toBe(`"${sha256()}"`);
    const got = await fetch(url(`big/${s.run}.bin`), { headers: alpha });
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("application/x-test");
    expect(got.headers.get("x-checksum-sha256")).toBe(sha256());
    expect(got.headers.get("content-length")).toBe(String(size));
    const hash = createHash("sha256");
    let n = 0;
    for await (const chunk of got.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      n += chunk.length;
    }
    expect({ n, digest: hash.digest("hex") }).toEqual({ n: size, digest: sha256() });
  });

  it("stores a JSON upload as bytes, not parsed; HEAD answers headers only", async () => {
    const body = '{"a": 1,   "b": [true]}';
    const res = await put(`docs/${s.run}.json`, body, { "content-type": "application/json" });
    expect(res.status).toBe(200);
    const head = await fetch(url(`docs/${s.run}.json`), { method: "HEAD", headers: alpha });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(body.length));
    expect(head.headers.get("x-checksum-sha256")).toBe(sha(body));
    expect(head.headers.get("content-type")).toBe("application/json");
    expect(await head.text()).toBe("");
    expect(await (await fetch(url(`docs/${s.run}.json`), { headers: alpha })).text()).toBe(body);
    const missing = await fetch(url(`docs/${s.run}-missing.json`), {
      method: "HEAD",
      headers: alpha,
    });
    expect(missing.status).toBe(404);
  });

  it("serves one Range as 206, a range past the end as 416, and If-None-Match as 304", async () => {
    const body = "0123456789abcdef";
    await put(`r/${s.run}.txt`, body, { "content-type": "text/plain" });
    const part = await fetch(url(`r/${s.run}.txt`), { headers: { ...alpha, range: "bytes=2-5" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 2-5/${body.length}`);
    expect(await part.text()).toBe("2345");
    const tail = await fetch(url(`r/${s.run}.txt`), { headers: { ...alpha, range: "bytes=-3" } });
    expect(await tail.text()).toBe("def");
    const past = await fetch(url(`r/${s.run}.txt`), { headers: { ...alpha, range: "bytes=99-" } });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${body.length}`);
    const etag = `"${sha(body)}"`;
    const cached = await fetch(url(`r/${s.run}.txt`), {
      headers: { ...alpha, "if-none-match": etag },
    });
    expect(cached.status).toBe(304);
  });

  it("checks X-Checksum-SHA256 and If-Match / If-None-Match: * before replacing anything", async () => {
    const path = `c/${s.run}.txt`;
    const wrong = await put(path, "hello", { "x-checksum-sha256": sha("other") });
    expect(wrong.status).toBe(400);
    expect((await fetch(url(path), { method: "HEAD", headers: alpha })).status).toBe(404);
    expect((await put(path, "hello", { "x-checksum-sha256": sha("hello") })).status).toBe(200);
    expect((await put(path, "again", { "if-none-match": "*" })).status).toBe(412);
    expect((await put(path, "again", { "if-match": `"${sha("nope")}"` })).status).toBe(412);
    expect((await put(path, "again", { "if-match": `"${sha("hello")}"` })).status).toBe(200);
    const del = await fetch(url(path), {
      method: "DELETE",
      headers: { ...alpha, "if-match": `"${sha("hello")}"` },
    });
    expect(del.status).toBe(412);
    expect((await fetch(url(path), { method: "DELETE", headers: alpha })).status).toBe(204);
    expect((await fetch(url(path), { method: "DELETE", headers: alpha })).status).toBe(204);
    expect(await s.opened.leftovers()).toEqual([]);
  });

  it("refuses an upload over the size limit with 413 and stores nothing", async () => {
    const { stream } = generated(9 * 2 ** 20);
    const res = await put(
      `too/${s.run}.bin`,
      stream as unknown as NonNullable<RequestInit["body"]>,
    );
    expect(res.status).toBe(413);
    expect((await json(res)).code).toBe("payload_too_large");
    expect((await fetch(url(`too/${s.run}.bin`), { method: "HEAD", headers: alpha })).status).toBe(
      404,
    );
    expect(await s.opened.leftovers()).toEqual([]);
  });

  it("rejects path traversal in every spelling with 400 and writes nothing", async () => {
    const before = await json(await fetch(`${s.url}/v1/files?limit=500`, { headers: alpha }));
    const attempts = [
      "a/../../etc/passwd",
      "a/%2e%2e/%2e%2e/etc/passwd",
      "a/%252e%252e/x",
      "a%2f..%2f..%2fx",
      "%2fetc%2fpasswd",
      "a/./b",
      "a//b",
      "a/b%00c",
      "a\\..\\b",
      "a/%5c../b",
    ];
    for (const path of attempts) {
      const res = await rawPut(`${s.url}/v1/files/${path}`, alpha, "pwned");
      expect([400, 404], `${path} → ${res.status}`).toContain(res.status);
      if (res.status === 400) expect(JSON.parse(res.body).code, path).toBe("validation_failed");
    }
    const traversal = await rawPut(`${s.url}/v1/files/a/%2e%2e/%2e%2e/x`, alpha, "pwned");
    expect(traversal.status).toBe(400);
    const after = await json(await fetch(`${s.url}/v1/files?limit=500`, { headers: alpha }));
    expect(after.items).toEqual(before.items);
  });

  it("leaves no object and no staging data when the client aborts mid-upload", async () => {
    const path = `abort/${s.run}.bin`;
    await abortedPut(`${s.url}/v1/files/${path}`, alpha, 3 * 2 ** 20);
    await new Promise((r) => setTimeout(r, 500));
    expect((await fetch(url(path), { method: "HEAD", headers: alpha })).status).toBe(404);
    expect(await s.opened.leftovers()).toEqual([]);
  });

  it("lists by prefix with a signed cursor bound to the prefix", async () => {
    const names = ["x/1", "x/2", "x/3"].map((n) => `${s.run}/${n}`);
    for (const n of names) await put(n, n);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `prefix=${s.run}/x/&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await json(await fetch(`${s.url}/v1/files?${q}`, { headers: alpha }));
      seen.push(...page.items.map((i: { path: string }) => i.path));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(names);
    const first = await json(
      await fetch(`${s.url}/v1/files?prefix=${s.run}/x/&limit=1`, { headers: alpha }),
    );
    const moved = await fetch(
      `${s.url}/v1/files?prefix=${s.run}/&limit=1&cursor=${first.next_cursor}`,
      {
        headers: alpha,
      },
    );
    expect(moved.status).toBe(400);
    expect((await json(moved)).code).toBe("invalid_cursor");
  });

  it("presigns GET and PUT URLs that work with plain fetch, no token, and expire", async () => {
    const path = `p/${s.run}.txt`;
    await put(path, "presigned body", { "content-type": "text/plain" });
    const presign = (method: string, expires_in?: number, headers = alpha) =>
      fetch(`${url(path)}/presign`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ method, ...(expires_in ? { expires_in } : {}) }),
      });
    const get = await presign("GET", 60);
    expect(get.status).toBe(200);
    expect(get.headers.get("cache-control")).toBe("no-store");
    const grant = await json(get);
    expect(Date.parse(grant.expires_at)).toBeGreaterThan(Date.now() + 50_000);
    const fetched = await fetch(grant.url);
    expect(fetched.status).toBe(200);
    expect(await fetched.text()).toBe("presigned body");
    expect((await fetch(grant.url, { method: "PUT", body: "x" })).status).toBe(403);
    const upload = await json(await presign("PUT", 60));
    const uploaded = await fetch(upload.url, {
      method: "PUT",
      body: "replaced via url",
      headers: { "content-type": "text/plain" },
    });
    expect(uploaded.status).toBe(200);
    expect(await (await fetch(url(path), { headers: alpha })).text()).toBe("replaced via url");
    const readOnly = await s.auth("ten_alpha", { scopes: "files.read" });
    expect((await presign("PUT", 60, readOnly)).status).toBe(403);
    expect((await presign("GET", 7200)).status).toBe(400);
    const brief = await json(await presign("GET", 1));
    await new Promise((r) => setTimeout(r, 2100));
    expect((await fetch(brief.url)).status).toBe(403);
    const missing = await fetch(`${url(`p/${s.run}-missing.txt`)}/presign`, {
      method: "POST",
      headers: { ...alpha, "content-type": "application/json" },
      body: JSON.stringify({ method: "GET" }),
    });
    expect(missing.status).toBe(404);
  });
});

/** A PUT with the path sent byte-for-byte (fetch would normalize `..` and `%2e%2e`). */
function rawPut(target: string, headers: Record<string, string>, body: string) {
  const u = new URL(target.replace(/\/v1\/files\/.*/, ""));
  const path = target.slice(target.indexOf("/v1/files/"));
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: "PUT",
        path,
        headers: { ...headers, "content-length": body.length },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.setTimeout(3000, () => req.destroy(new Error(`no answer for PUT ${path}`)));
    req.end(body);
  });
}

/** Sends part of a declared-larger body, then destroys the socket, like a client crashing. */
function abortedPut(target: string, headers: Record<string, string>, bytes: number) {
  const u = new URL(target);
  return new Promise<void>((resolve) => {
    const req = request({
      host: u.hostname,
      port: u.port,
      method: "PUT",
      path: u.pathname,
      headers: { ...headers, "content-length": String(bytes * 2) },
    });
    req.on("error", () => resolve());
    req.write(Buffer.alloc(bytes, 1), () =>
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200),
    );
  });
}
