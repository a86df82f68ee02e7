import { createHash, randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { type BucketItem, type Client, CopyDestinationOptions, CopySourceOptions } from "minio";
import { ApiError } from "../../../shared/errors/api-error.js";
import type { BlobMeta, BlobPage, BlobPutOptions, BlobStore } from "../blob-store.js";
import type { ByteRange } from "../byte-range.js";
import { streamToStaging } from "./s3-upload.js";

/** Staged uploads live outside `t/`, so no tenant listing ever sees them. */
export const STAGING_PREFIX = ".staging/";
/** A single server-side CopyObject handles up to 5 GiB, which bounds object size here. */
export const S3_MAX_OBJECT = 5 * 1024 ** 3;

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === "NotFound" || code === "NoSuchKey";
}

/**
 * The production blob adapter on S3/MinIO (the `minio` client). An upload streams to a unique
 * staging object (see `streamToStaging`), then one server-side copy publishes it under its real
 * key with the SHA-256 and content type as metadata — the checksum is only known at the end, and
 * S3 metadata cannot be added to a finished upload — and the staging object is removed. So the
 * real key changes atomically, only for complete, verified uploads. Staging objects orphaned by
 * a crash are best removed by a bucket lifecycle rule on `.staging/` (one day, plus
 * AbortIncompleteMultipartUpload).
 *
 * @example
 *   const store = new S3BlobStore(new Client({ endPoint, port, useSSL, accessKey, secretKey }), "cpod");
 */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly client: Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Readable, options: BlobPutOptions): Promise<BlobMeta> {
    if (options.maxBytes > S3_MAX_OBJECT) throw new TypeError("S3BlobStore: maxBytes over 5 GiB");
    const staging = `${STAGING_PREFIX}${randomUUID()}`;
    const { contentType, maxBytes } = options;
    try {
      const { sha256 } = await streamToStaging(
        this.client,
        this.bucket,
        staging,
        body,
        maxBytes,
        contentType,
      );
      if (options.expectedSha256 && options.expectedSha256 !== sha256)
        throw new ApiError("bad_request", "The body does not match X-Checksum-SHA256");
      await this.client.copyObject(
        new CopySourceOptions({ Bucket: this.bucket, Object: staging }),
        new CopyDestinationOptions({
          Bucket: this.bucket,
          Object: key,
          MetadataDirective: "REPLACE",
          UserMetadata: { sha256 },
          Headers: { "Content-Type": contentType },
        }),
      );
    } finally {
      await this.client.removeObject(this.bucket, staging).catch(() => {});
    }
    return (await this.head(key)) as BlobMeta;
  }

  async head(key: string): Promise<BlobMeta | null> {
    try {
      const stat = await this.client.statObject(this.bucket, key);
      const meta = stat.metaData as Record<string, string>;
      const contentType = meta["content-type"] ?? "application/octet-stream";
      // An object uploaded through a presigned PUT bypassed the gateway and has no checksum yet.
      const sha256 = meta.sha256 ?? (await this.#backfillSha256(key, stat.etag, contentType));
      return { key, size: stat.size, contentType, sha256, updatedAt: stat.lastModified };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /**
   * Hashes an object once and records the SHA-256 with a copy onto itself. The copy is
   * conditional on the ETag just read, so a concurrent re-upload is never stamped with a stale
   * checksum (the copy then fails and the next read hashes again).
   */
  async #backfillSha256(key: string, etag: string, contentType: string): Promise<string> {
    const hash = createHash("sha256");
    for await (const chunk of await this.client.getObject(this.bucket, key)) hash.update(chunk);
    const sha256 = hash.digest("hex");
    await this.client
      .copyObject(
        new CopySourceOptions({ Bucket: this.bucket, Object: key, MatchETag: etag }),
        new CopyDestinationOptions({
          Bucket: this.bucket,
          Object: key,
          MetadataDirective: "REPLACE",
          UserMetadata: { sha256 },
          Headers: { "Content-Type": contentType },
        }),
      )
      .catch(() => {});
    return sha256;
  }

  async get(key: string, range?: ByteRange) {
    const meta = await this.head(key);
    if (!meta) return null;
    try {
      const body = range
        ? await this.client.getPartialObject(
            this.bucket,
            key,
            range.start,
            range.end - range.start + 1,
          )
        : await this.client.getObject(this.bucket, key);
      return { meta, body };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.removeObject(this.bucket, key);
  }

  async list(prefix: string, after: string | null, limit: number): Promise<BlobPage> {
    const names: string[] = [];
    const stream = this.client.listObjectsV2(this.bucket, prefix, true, after ?? "");
    for await (const item of stream as AsyncIterable<BucketItem>) {
      if (item.name && (after === null || item.name > after)) names.push(item.name);
      if (names.length > limit) break; // leaving the loop destroys the listing stream
    }
    const metas = await Promise.all(names.slice(0, limit).map((n) => this.head(n)));
    const items = metas.filter((m): m is BlobMeta => m !== null);
    return { items, next: names.length > limit ? (names[limit - 1] ?? null) : null };
  }

  async presign(key: string, method: "GET" | "PUT", expiresIn: number): Promise<string> {
    return this.client.presignedUrl(method, this.bucket, key, expiresIn);
  }
}
