import type { Readable } from "node:stream";
import type { components } from "../../../gen/openapi/gateway.js";
import { ApiError } from "../../shared/errors/api-error.js";
import type { Scope } from "../kv/kv-scope.js";
import type { BlobMeta, BlobStore } from "./blob-store.js";
import { type ByteRange, type RangeRequest, resolveRange } from "./byte-range.js";
import { blobPrefix, checkFilePrefix, objectKey } from "./file-path.js";

/** The metadata shape of the contract (`FileObject`). */
export type FileObject = components["schemas"]["FileObject"];

/** Limits. `maxPresignSeconds` is the contract's cap: a presigned URL cannot be revoked. */
export const FILE_LIMITS = {
  defaultMaxBytes: 100 * 1024 * 1024,
  maxPresignSeconds: 3600,
  defaultPresignSeconds: 300,
  pageDefault: 50,
  pageMax: 500,
} as const;

/** Upload options from the request: content type, checksum, conditional headers, plan limit. */
export interface FilePutOptions {
  contentType?: string | undefined;
  expectedSha256?: string | undefined;
  /** `If-Match`: the ETag (quoted SHA-256) the current object must have. */
  ifMatch?: string | undefined;
  /** `If-None-Match: *`: only create. */
  ifNoneMatch?: boolean | undefined;
  maxBytes?: number | undefined;
}

/** A download: the metadata, the (possibly partial) body and the range served, if any. */
export interface FileDownload {
  object: FileObject;
  body: Readable;
  range: ByteRange | null;
}

/**
 * The file use cases behind `/v1/files`. It builds every object key from the token's scope (the
 * client only names a validated path inside it), resolves ranges, caps presign expiry and maps
 * store outcomes to contract errors; adapters just move bytes.
 *
 * `If-Match`/`If-None-Match` are checked against the current object before the body streams:
 * this rejects stale writers cheaply but is not atomic against a concurrent upload (S3 offers no
 * conditional copy); KV is the place for strict compare-and-set.
 *
 * @example
 *   const files = new FileService(new FsBlobStore(dir, presign));
 *   await files.put(scope, "reports/q1.pdf", req.raw, { contentType: "application/pdf" });
 */
export class FileService {
  constructor(private readonly store: BlobStore) {}

  #object(scope: Scope, meta: BlobMeta): FileObject {
    const path = meta.key.slice(blobPrefix(scope).length);
    const etag = `"${meta.sha256}"`;
    return {
      path,
      size: meta.size,
      content_type: meta.contentType,
      etag,
      sha256: meta.sha256,
      updated_at: meta.updatedAt.toISOString(),
    };
  }

  /** Streams `body` in; all-or-nothing. `payload_too_large` past the plan limit. */
  async put(
    scope: Scope,
    path: string,
    body: Readable,
    options: FilePutOptions = {},
  ): Promise<FileObject> {
    const key = objectKey(scope, path);
    if (options.ifMatch !== undefined || options.ifNoneMatch) {
      const current = await this.store.head(key);
      if (options.ifNoneMatch && current)
        throw new ApiError("precondition_failed", "The object exists");
      if (options.ifMatch !== undefined && (!current || `"${current.sha256}"` !== options.ifMatch))
        throw new ApiError("precondition_failed", "The object is not at If-Match");
    }
    if (options.expectedSha256 !== undefined && !/^[0-9a-f]{64}$/.test(options.expectedSha256))
      throw new ApiError("validation_failed", "X-Checksum-SHA256 must be 64 lowercase hex digits");
    const contentType = options.contentType ?? "application/octet-stream";
    const maxBytes = options.maxBytes ?? FILE_LIMITS.defaultMaxBytes;
    const meta = await this.store.put(key, body, {
      contentType,
      maxBytes,
      expectedSha256: options.expectedSha256,
    });
    return this.#object(scope, meta);
  }

  /** Metadata, or `not_found` (also for another tenant's, tier's or app's path). */
  async head(scope: Scope, path: string): Promise<FileObject> {
    const meta = await this.store.head(objectKey(scope, path));
    if (!meta) throw new ApiError("not_found", "No such file");
    return this.#object(scope, meta);
  }

  /** The object, or one range of it (`range_not_satisfiable` past the end). */
  async get(scope: Scope, path: string, range: RangeRequest | null = null): Promise<FileDownload> {
    const key = objectKey(scope, path);
    const meta = await this.store.head(key);
    if (!meta) throw new ApiError("not_found", "No such file");
    const resolved = range ? resolveRange(range, meta.size) : null;
    const found = await this.store.get(key, resolved ?? undefined);
    if (!found) throw new ApiError("not_found", "No such file");
    return { object: this.#object(scope, found.meta), body: found.body, range: resolved };
  }

  /** Deletes; missing is fine; `If-Match` deletes only the version read. */
  async delete(scope: Scope, path: string, ifMatch?: string): Promise<void> {
    const key = objectKey(scope, path);
    if (ifMatch !== undefined) {
      const current = await this.store.head(key);
      if (current && `"${current.sha256}"` !== ifMatch)
        throw new ApiError("precondition_failed", "The object is not at If-Match");
    }
    await this.store.delete(key);
  }

  /** Object metadata under `prefix`, in path order, after the raw position `after` (a path). */
  async list(
    scope: Scope,
    params: { prefix?: string; limit?: number; after?: string | null } = {},
  ) {
    const prefix = params.prefix ?? "";
    checkFilePrefix(prefix);
    const limit = params.limit ?? FILE_LIMITS.pageDefault;
    if (!Number.isInteger(limit) || limit < 1 || limit > FILE_LIMITS.pageMax)
      throw new ApiError("validation_failed", `limit must be 1..${FILE_LIMITS.pageMax}`);
    const base = blobPrefix(scope);
    const page = await this.store.list(
      base + prefix,
      params.after ? base + params.after : null,
      limit,
    );
    return {
      items: page.items.map((m) => this.#object(scope, m)),
      next: page.next?.slice(base.length) ?? null,
    };
  }

  /** A URL for `method` on this object; expiry defaults to 300 s and is capped at one hour. */
  async presign(
    scope: Scope,
    path: string,
    method: "GET" | "PUT",
    expiresIn: number = FILE_LIMITS.defaultPresignSeconds,
  ) {
    if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > FILE_LIMITS.maxPresignSeconds)
      throw new ApiError(
        "validation_failed",
        `expires_in must be 1..${FILE_LIMITS.maxPresignSeconds}`,
      );
    const key = objectKey(scope, path);
    if (method === "GET" && !(await this.store.head(key)))
      throw new ApiError("not_found", "No such file");
    const expiresAt = new Date((Math.floor(Date.now() / 1000) + expiresIn) * 1000).toISOString();
    return { url: await this.store.presign(key, method, expiresIn), expires_at: expiresAt };
  }
}
