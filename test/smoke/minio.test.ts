// Smoke test: the `minio` driver against the real MinIO started by scripts/services.sh.
import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { Client } from "minio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceEnv } from "../helpers/services.js";

const s3 = serviceEnv("minio", [
  "CPOD_S3_ENDPOINT",
  "CPOD_S3_ACCESS_KEY",
  "CPOD_S3_SECRET_KEY",
  "CPOD_S3_BUCKET",
] as const);

const MiB = 1024 * 1024;
const SIZE = 70 * MiB + 12_345; // > 64 MiB, not a multiple of the part size
const PART = 16 * MiB;

/** Byte at absolute offset i of the generated object: cheap, deterministic, not periodic. */
function fillAt(buf: Buffer, offset: number): Buffer {
  for (let j = 0; j < buf.length; j++) buf[j] = Math.imul(offset + j, 2654435761) >>> 24;
  return buf;
}

/** The object as a stream of 1 MiB chunks, hashed as it is produced: never held whole. */
function generated(hash: ReturnType<typeof createHash>): Readable {
  return Readable.from(
    (function* () {
      for (let off = 0; off < SIZE; off += MiB) {
        const chunk = fillAt(Buffer.allocUnsafe(Math.min(MiB, SIZE - off)), off);
        hash.update(chunk);
        yield chunk;
      }
    })(),
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe.skipIf(!s3)("minio (CPOD_S3_*)", () => {
  // The describe body runs even when the suite is skipped: touch the env only in hooks/tests.
  let client: Client;
  let bucket: string;
  const key = `smoke/${randomUUID()}/big.bin`;
  const sha256 = createHash("sha256");

  beforeAll(() => {
    const env = s3 as NonNullable<typeof s3>;
    const endpoint = new URL(env.CPOD_S3_ENDPOINT);
    client = new Client({
      endPoint: endpoint.hostname,
      port: Number(endpoint.port) || (endpoint.protocol === "https:" ? 443 : 80),
      useSSL: endpoint.protocol === "https:",
      accessKey: env.CPOD_S3_ACCESS_KEY,
      secretKey: env.CPOD_S3_SECRET_KEY,
      region: "us-east-1",
      partSize: PART,
    });
    bucket = env.CPOD_S3_BUCKET;
  });
  afterAll(async () => {
    await client?.removeObject(bucket, key).catch(() => {});
  });

  it("uploads > 64 MiB from a stream as a multipart upload", { timeout: 120_000 }, async () => {
    const info = await client.putObject(bucket, key, generated(sha256), SIZE, {
      "Content-Type": "application/octet-stream",
    });
    expect(info.etag).toMatch(/-5$/); // multipart ETag: md5-of-md5s "-" part count (70 MiB / 16)
    const stat = await client.statObject(bucket, key);
    expect(stat.size).toBe(SIZE);
  });

  it("reads back a byte range", async () => {
    const offset = 64 * MiB - 100; // spans the boundary between part 4 and part 5
    const length = 1000;
    const got = await readAll(await client.getPartialObject(bucket, key, offset, length));
    expect(got.equals(fillAt(Buffer.alloc(length), offset))).toBe(true);
  });

  it("serves a presigned GET to plain fetch, and refuses bad or expired signatures", async () => {
    const url = await client.presignedGetObject(bucket, key, 60);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const hash = createHash("sha256");
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
    expect(hash.digest("hex")).toBe(sha256.copy().digest("hex"));

    const tampered = new URL(url);
    const sig = tampered.searchParams.get("X-Amz-Signature") ?? "";
    tampered.searchParams.set("X-Amz-Signature", (sig[0] === "0" ? "1" : "0") + sig.slice(1));
    const bad = await fetch(tampered);
    expect(bad.status).toBe(403);
    expect(await bad.text()).toContain("SignatureDoesNotMatch");

    // Signed an hour ago, valid for a minute: expired.
    const old = new Date(Date.now() - 3600_000);
    const expiredUrl = await client.presignedUrl("GET", bucket, key, 60, {}, old);
    const expired = await fetch(expiredUrl);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/i);
  });
});
