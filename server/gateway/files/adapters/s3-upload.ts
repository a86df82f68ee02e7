import type { Readable } from "node:stream";
import { pipeline } from "node:stream";
import type { Client } from "minio";
import { HashingLimiter } from "../hashing-limiter.js";

/** Part size: the S3 minimum is 5 MiB; 8 MiB keeps at most ~2 parts in memory per upload. */
export const PART_SIZE = 8 * 1024 * 1024;

/** Where one streamed upload landed: a staging object, its size and checksum. */
export interface StagedUpload {
  size: number;
  sha256: string;
}

/**
 * Streams `body` into the object `staging` with bounded memory, hashing and size-limiting on the
 * way. minio's own `putObject(stream)` is not used on purpose: with an unknown size it picks a
 * ~550 MiB part size and buffers whole parts, it resumes *any* earlier unfinished upload of the
 * same name, and it never aborts the multipart upload when the source fails. Here a body that
 * fits one part is a single PUT; a larger one is a multipart upload of fixed parts that is
 * aborted (server-side parts freed) on any failure, including the client going away.
 *
 * @example
 *   const { size, sha256 } = await streamToStaging(client, bucket, ".staging/x", req.raw, max, ct);
 */
export async function streamToStaging(
  client: Client,
  bucket: string,
  staging: string,
  body: Readable,
  maxBytes: number,
  contentType: string,
): Promise<StagedUpload> {
  const meter = new HashingLimiter(maxBytes);
  pipeline(body, meter, () => {}); // errors surface through the iterator below
  const parts = meter[Symbol.asyncIterator]();
  const first = await nextPart(parts);
  if (first.done) {
    await client.putObject(bucket, staging, first.buffer, first.buffer.length, {
      "Content-Type": contentType,
    });
    return { size: meter.bytes, sha256: meter.sha256() };
  }
  let uploadId: string | undefined;
  try {
    uploadId = await client.initiateNewMultipartUpload(bucket, staging, {
      "Content-Type": contentType,
    });
    const etags: { part: number; etag: string }[] = [];
    let part = first;
    for (let n = 1; ; n++) {
      const headers = {};
      const res = await client.uploadPart(
        { bucketName: bucket, objectName: staging, uploadID: uploadId, partNumber: n, headers },
        part.buffer,
      );
      etags.push({ part: n, etag: res.etag });
      if (part.done) break;
      part = await nextPart(parts);
      if (part.buffer.length === 0 && part.done) break;
    }
    await client.completeMultipartUpload(bucket, staging, uploadId, etags);
  } catch (error) {
    meter.destroy(); // stop reading the client's body
    if (uploadId) await client.abortMultipartUpload(bucket, staging, uploadId).catch(() => {});
    throw error;
  }
  return { size: meter.bytes, sha256: meter.sha256() };
}

/** Collects up to PART_SIZE bytes; `done` when the source ended within them. */
async function nextPart(source: AsyncIterator<Buffer>): Promise<{ buffer: Buffer; done: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < PART_SIZE) {
    const { value, done } = await source.next();
    if (done) return { buffer: Buffer.concat(chunks), done: true };
    chunks.push(value);
    length += value.length;
  }
  // Parts are PART_SIZE plus at most one chunk of overshoot; S3 only needs every part but the
  // last to be at least 5 MiB, not equal sizes.
  return { buffer: Buffer.concat(chunks), done: false };
}
