import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { CpodClient, type UploadProgress } from "../../sdk/src/index.js";
import { BASE, fakeFetch, isToken, json, type Seen, tokenServer } from "./fakes.js";

const stored = { path: "a.bin", size: 3, content_type: "application/octet-stream" };

function setup(answer: (r: Seen) => Response = () => json(200, stored)) {
  const tokens = tokenServer();
  const server = fakeFetch((r) => (isToken(r) ? tokens.answer() : answer(r)));
  const client = new CpodClient({
    baseUrl: BASE,
    clientId: "a",
    clientSecret: "b",
    fetch: server.fetch,
  });
  return { client, last: () => server.seen.at(-1) as Seen };
}

const sha = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

describe("files", () => {
  it("uploads a Buffer with its checksum and reports progress up to the total", async () => {
    const { client, last } = setup();
    const data = Buffer.alloc(200_000, 7);
    const progress: UploadProgress[] = [];
    await client.files.upload("big.bin", data, { onProgress: (p) => progress.push(p) });
    expect(last().method).toBe("PUT");
    expect(last().url.pathname).toBe("/v1/files/big.bin");
    expect(last().headers.get("x-checksum-sha256")).toBe(sha(data));
    expect(last().headers.get("content-type")).toBe("application/octet-stream");
    expect(last().body.length).toBe(200_000);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ loaded: 200_000, total: 200_000 });
    expect(progress.map((p) => p.loaded)).toEqual(
      [...progress.map((p) => p.loaded)].sort((a, b) => a - b),
    );
  });

  it("uploads a Blob with its own type", async () => {
    const { client, last } = setup();
    await client.files.upload("r.csv", new Blob(["a,b\n"], { type: "text/csv" }), {
      createOnly: true,
    });
    expect(last().headers.get("content-type")).toBe("text/csv");
    expect(last().headers.get("if-none-match")).toBe("*");
    expect(last().body).toBe("a,b\n");
  });

  it("uploads a web ReadableStream and a Node stream, with progress of unknown total", async () => {
    const { client, last } = setup();
    const progress: UploadProgress[] = [];
    await client.files.upload("s.txt", new Blob(["hello ", "world"]).stream(), {
      contentType: "text/plain",
      onProgress: (p) => progress.push(p),
    });
    expect(last().body).toBe("hello world");
    expect(progress.at(-1)).toEqual({ loaded: 11, total: undefined });
    await client.files.upload(
      "n.txt",
      Readable.from([Buffer.from("node "), Buffer.from("stream")]),
    );
    expect(last().body).toBe("node stream");
    expect(last().headers.has("x-checksum-sha256")).toBe(false);
  });

  it("downloads as a stream with metadata and sends a range", async () => {
    const headers = {
      "content-type": "text/plain",
      "content-length": "5",
      etag: `"${sha("hello world")}"`,
      "x-checksum-sha256": sha("hello world"),
      "content-range": "bytes 0-4/11",
      "last-modified": "Tue, 15 Apr 2025 09:30:00 GMT",
    };
    const { client, last } = setup(() => new Response("hello", { status: 206, headers }));
    const file = await client.files.download("docs/a.txt", {
      range: { start: 0, end: 4 },
      tier: "shared",
    });
    expect(last().headers.get("range")).toBe("bytes=0-4");
    expect(last().url.search).toBe("?tier=shared");
    expect(file.body).toBeInstanceOf(ReadableStream);
    expect(file).toMatchObject({
      status: 206,
      size: 5,
      contentType: "text/plain",
      contentRange: "bytes 0-4/11",
    });
    expect(file.sha256).toBe(sha("hello world"));
    expect(file.lastModified?.toISOString()).toBe("2025-04-15T09:30:00.000Z");
    expect(await file.text()).toBe("hello");
  });

  it("reports a 304 as notModified", async () => {
    const { client, last } = setup(
      () => new Response(null, { status: 304, headers: { etag: '"e"' } }),
    );
    const file = await client.files.download("a.txt", { ifNoneMatch: '"e"' });
    expect(last().headers.get("if-none-match")).toBe('"e"');
    expect(file.notModified).toBe(true);
    expect(await file.bytes()).toEqual(new Uint8Array());
  });

  it("reads metadata with HEAD", async () => {
    const { client, last } = setup(
      () => new Response(null, { status: 200, headers: { "content-length": "11", etag: '"x"' } }),
    );
    const meta = await client.files.head("a.txt");
    expect(last().method).toBe("HEAD");
    expect(meta).toMatchObject({ size: 11, etag: '"x"' });
  });
});
