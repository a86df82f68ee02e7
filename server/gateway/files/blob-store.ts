import type { Readable } from "node:stream";
import type { ByteRange } from "./byte-range.js";

/** What every stored object carries, whichever store holds it. */
export interface BlobMeta {
  /** The full object key (`t/<tenant>/<tier>/<owner>/<path>`). */
  key: string;
  size: number;
  contentType: string;
  /** Hex SHA-256 of the whole object, computed while it streamed in. */
  sha256: string;
  updatedAt: Date;
}

/** Upload options; the service fills them from the plan and the request. */
export interface BlobPutOptions {
  contentType: string;
  /** Hard limit, enforced while streaming: over it the upload fails with `payload_too_large`. */
  maxBytes: number;
  /** When set, a different computed checksum stores nothing (`bad_request`). */
  expectedSha256?: string | undefined;
}

/** One page of a listing, in key order; `next` is the last key when more may follow. */
export interface BlobPage {
  items: BlobMeta[];
  next: string | null;
}

/**
 * The file blob port. Keys are full object keys built by `objectKey(scope, path)`; adapters never
 * see a client-chosen namespace. Guarantees every adapter keeps:
 * - `put` streams (constant memory whatever the size) and is all-or-nothing: readers see the old
 *   object or the complete new one, and a failed or interrupted upload leaves nothing behind;
 * - `get` streams, optionally one inclusive byte range already resolved against the size.
 *
 * Adapters: `S3BlobStore` (MinIO/S3) and `FsBlobStore` (embedded).
 * `test/conformance/blob-store.test.ts` holds both to the same behaviour.
 *
 * @example
 *   const meta = await store.put(key, req.raw, { contentType, maxBytes: 100 * 2 ** 20 });
 */
export interface BlobStore {
  put(key: string, body: Readable, options: BlobPutOptions): Promise<BlobMeta>;
  /** Metadata, or `null` when missing. */
  head(key: string): Promise<BlobMeta | null>;
  /** The object's bytes (or `range` of them) with its metadata, or `null` when missing. */
  get(key: string, range?: ByteRange): Promise<{ meta: BlobMeta; body: Readable } | null>;
  /** Removes the object; a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Objects whose key starts with `prefix`, strictly after `after`, at most `limit`. */
  list(prefix: string, after: string | null, limit: number): Promise<BlobPage>;
  /** A URL that allows `method` on exactly `key` for `expiresIn` seconds without a token. */
  presign(key: string, method: "GET" | "PUT", expiresIn: number): Promise<string>;
}
