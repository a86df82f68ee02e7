import { type Caller, filePath } from "../caller.js";
import { FileDownload } from "../file-download.js";
import { type ListResponse, PagePromise } from "../pagination.js";
import type { RequestOptions } from "../request-options.js";
import type { FileObject, PresignResponse, Tier } from "../types.js";
import { sha256Hex, type UploadProgress, type UploadSource, uploadBody } from "../upload-body.js";

/** Options every file call takes: the tier (default `private`). */
export interface FileOptions extends RequestOptions {
  tier?: Tier;
}

/** Options of `upload`. */
export interface UploadOptions extends FileOptions {
  /** Stored and served back; defaults to the Blob's type, or `application/octet-stream`. */
  contentType?: string;
  /** Hex SHA-256 the server checks; computed automatically for bytes and text. */
  sha256?: string;
  /** Replace only the version you read (its ETag); else `PreconditionFailedError`. */
  ifMatch?: string;
  /** `true` creates only if no object exists yet (`If-None-Match: *`). */
  createOnly?: boolean;
  /** Called as bytes are handed to the network. */
  onProgress?: (progress: UploadProgress) => void;
}

/** Options of `download`. */
export interface DownloadOptions extends FileOptions {
  /** One byte range, e.g. `{ start: 0, end: 1023 }` (inclusive) or `{ start: 1024 }` (to the end). */
  range?: { start: number; end?: number };
  /** The ETag you hold: a 304 (`notModified`) instead of the bytes when it is still current. */
  ifNoneMatch?: string;
}

/** Options of `presign`. */
export interface PresignOptions extends FileOptions {
  /** Seconds the URL works (1–3600, default 300). */
  expiresIn?: number;
}

const itemPath = (path: string) => `/v1/files/${filePath(path)}`;

function headers(entries: Record<string, string | false | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entries).filter(([, v]) => typeof v === "string"),
  ) as Record<string, string>;
}

/**
 * Streamed binary objects (`/v1/files`): upload from bytes, a Blob or a stream with progress,
 * download as a stream, presigned URLs for clients without a token.
 *
 * @example
 *   await client.files.upload("reports/q1.csv", "a,b\n1,2\n", { contentType: "text/csv" });
 *   const text = await (await client.files.download("reports/q1.csv")).text();
 */
export class Files {
  readonly #caller: Caller;

  constructor(caller: Caller) {
    this.#caller = caller;
  }

  /** Creates or replaces an object; returns its stored metadata (size, sha256, etag). */
  async upload(
    path: string,
    source: UploadSource,
    options: UploadOptions = {},
  ): Promise<FileObject> {
    const { body, bytes } = uploadBody(source, options.contentType, options.onProgress);
    const sha256 = options.sha256 ?? (bytes ? await sha256Hex(bytes) : undefined);
    const call = {
      method: "PUT",
      path: itemPath(path),
      query: { tier: options.tier },
      headers: headers({
        "x-checksum-sha256": sha256,
        "if-match": options.ifMatch,
        "if-none-match": options.createOnly === true && "*",
      }),
      body,
      options,
    };
    return (await this.#caller.app<FileObject>(call)).data;
  }

  /** Opens a download; the body streams as you read it. The timeout stops once headers arrive. */
  async download(path: string, options: DownloadOptions = {}): Promise<FileDownload> {
    const range = options.range;
    const call = {
      method: "GET",
      path: itemPath(path),
      query: { tier: options.tier },
      headers: headers({
        range: range && `bytes=${range.start}-${range.end ?? ""}`,
        "if-none-match": options.ifNoneMatch,
        accept: "*/*",
      }),
      parse: "stream" as const,
      options,
    };
    return new FileDownload((await this.#caller.app(call)).response);
  }

  /** The object's metadata without its bytes; a missing object throws `NotFoundError`. */
  async head(path: string, options: FileOptions = {}): Promise<FileDownload> {
    const call = {
      method: "HEAD",
      path: itemPath(path),
      query: { tier: options.tier },
      parse: "none" as const,
      options,
    };
    return new FileDownload((await this.#caller.app(call)).response);
  }

  /** Deletes an object; deleting a missing one succeeds. `ifMatch` deletes only the version you read. */
  async delete(path: string, options: FileOptions & { ifMatch?: string } = {}): Promise<void> {
    const call = {
      method: "DELETE",
      path: itemPath(path),
      query: { tier: options.tier },
      headers: headers({ "if-match": options.ifMatch }),
      parse: "none" as const,
      options,
    };
    await this.#caller.app(call);
  }

  /** Lists objects' metadata in path order, optionally under a prefix such as `reports/`. */
  list(options: FileOptions & { prefix?: string; limit?: number } = {}): PagePromise<FileObject> {
    const query = { tier: options.tier, prefix: options.prefix, limit: options.limit };
    return new PagePromise(async (cursor) => {
      const call = { method: "GET", path: "/v1/files", query: { ...query, cursor }, options };
      return (await this.#caller.app<ListResponse<FileObject>>(call)).data;
    });
  }

  /** A short-lived URL to `GET` or `PUT` exactly this object without a token. */
  async presign(
    path: string,
    method: "GET" | "PUT",
    options: PresignOptions = {},
  ): Promise<PresignResponse> {
    const call = {
      method: "POST",
      path: `${itemPath(path)}/presign`,
      query: { tier: options.tier },
      body: { kind: "json" as const, value: { method, expires_in: options.expiresIn } },
      options,
    };
    return (await this.#caller.app<PresignResponse>(call)).data;
  }

  /** A URL that lets someone download this object (e.g. a browser `<a href>`). */
  presignDownload(path: string, options?: PresignOptions): Promise<PresignResponse> {
    return this.presign(path, "GET", options);
  }

  /** A URL that lets someone upload this object with a plain `PUT` (needs `files.write`). */
  presignUpload(path: string, options?: PresignOptions): Promise<PresignResponse> {
    return this.presign(path, "PUT", options);
  }
}
