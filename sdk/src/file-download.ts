/**
 * A download in progress: metadata from the headers and the body as a web `ReadableStream`,
 * never buffered by the SDK. In Node, `Readable.fromWeb(download.body)` gives a Node stream.
 *
 * @example
 *   const file = await client.files.download("reports/q1.pdf");
 *   await pipeline(Readable.fromWeb(file.body), createWriteStream("q1.pdf"));
 */
export class FileDownload {
  /** 200 (whole object), 206 (the requested range) or 304 (`ifNoneMatch` matched; no body). */
  readonly status: number;
  /** The object's bytes; empty for a 304. */
  readonly body: ReadableStream<Uint8Array>;
  readonly contentType: string | undefined;
  /** Bytes in this response (the range's length for a 206). */
  readonly size: number | undefined;
  readonly etag: string | undefined;
  /** SHA-256 of the whole object, also for a range. */
  readonly sha256: string | undefined;
  /** `bytes start-end/total` for a 206. */
  readonly contentRange: string | undefined;
  readonly lastModified: Date | undefined;

  constructor(response: Response) {
    const header = (name: string) => response.headers.get(name) ?? undefined;
    const length = header("content-length");
    const modified = header("last-modified");
    this.status = response.status;
    this.body = response.body ?? new ReadableStream({ start: (c) => c.close() });
    this.contentType = header("content-type");
    this.size = length === undefined ? undefined : Number(length);
    this.etag = header("etag");
    this.sha256 = header("x-checksum-sha256");
    this.contentRange = header("content-range");
    this.lastModified = modified ? new Date(modified) : undefined;
  }

  /** True for a 304: the copy you hold (by ETag) is current. */
  get notModified(): boolean {
    return this.status === 304;
  }

  /** Reads the whole body into memory; for small files. */
  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await new Response(this.body).arrayBuffer());
  }

  /** Reads the whole body as UTF-8 text; for small files. */
  async text(): Promise<string> {
    return new Response(this.body).text();
  }
}
