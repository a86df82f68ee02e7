// One conformance suite for the BlobStore port, run against every adapter: FsBlobStore
// (embedded, a temp dir) and S3BlobStore on the real MinIO from scripts/services.sh.
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BucketItem, Client, type IncompleteUploadedBucketItem } from "minio";
import { afterAll, beforeAll, describe } from "vitest";
import { S3_VARS } from "../../server/gateway/config.js";
import { FsBlobStore } from "../../server/gateway/files/adapters/fs-blob-store.js";
import { S3BlobStore, STAGING_PREFIX } from "../../server/gateway/files/adapters/s3-blob-store.js";
import { FileService } from "../../server/gateway/files/index.js";
import { type BlobCtx, freshScope, type OpenBlobStore } from "../gateway/files/blob-fixtures.js";
import { blobBasicsTests } from "../gateway/files/blob-suite.js";
import { blobStreamTests } from "../gateway/files/blob-suite-streams.js";
import { startPresignServer } from "../gateway/files/presign-server.js";
import { serviceEnv } from "../helpers/services.js";

/** Registers the whole suite for one adapter. */
function blobStoreConformance(label: string, open: OpenBlobStore): void {
  describe(label, () => {
    const ctx = {} as BlobCtx;
    beforeAll(async () => {
      ctx.opened = await open();
      ctx.files = new FileService(ctx.opened.store);
      ctx.scope = freshScope();
      ctx.other = freshScope();
    });
    afterAll(() => ctx.opened?.cleanup([ctx.scope.tenantId, ctx.other.tenantId]));
    blobBasicsTests(ctx);
    // RSS figures go to stdout so a run's log records them.
    blobStreamTests(ctx, (line) => console.log(`[${label}] ${line}`));
  });
}

blobStoreConformance("FsBlobStore (embedded)", async () => {
  const root = await mkdtemp(join(tmpdir(), "cpod-blobs-"));
  const secret = randomBytes(32);
  let store: FsBlobStore | undefined;
  const server = await startPresignServer(secret, () => store as FsBlobStore);
  store = new FsBlobStore(root, { presignKey: secret, presignBaseUrl: server.baseUrl });
  return {
    store,
    fileAndFolderListed: true,
    leftovers: async () => readdir(join(root, "tmp")).catch(() => []),
    cleanup: async () => {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});

const s3 = serviceEnv("minio", S3_VARS);
describe.skipIf(!s3)("real MinIO (CPOD_S3_ENDPOINT)", () => {
  blobStoreConformance("S3BlobStore on MinIO", async () => {
    const env = serviceEnv("minio", S3_VARS) as Record<(typeof S3_VARS)[number], string>;
    const endpoint = new URL(env.CPOD_S3_ENDPOINT);
    const client = new Client({
      endPoint: endpoint.hostname,
      port: Number(endpoint.port) || (endpoint.protocol === "https:" ? 443 : 80),
      useSSL: endpoint.protocol === "https:",
      accessKey: env.CPOD_S3_ACCESS_KEY,
      secretKey: env.CPOD_S3_SECRET_KEY,
    });
    const bucket = env.CPOD_S3_BUCKET;
    if (!(await client.bucketExists(bucket))) await client.makeBucket(bucket);
    const names = async (prefix: string) => {
      const out: string[] = [];
      for await (const item of client.listObjectsV2(
        bucket,
        prefix,
        true,
      ) as AsyncIterable<BucketItem>)
        if (item.name) out.push(item.name);
      return out;
    };
    const incomplete = async () => {
      const out: string[] = [];
      const uploads = client.listIncompleteUploads(bucket, STAGING_PREFIX, true);
      for await (const u of uploads as AsyncIterable<IncompleteUploadedBucketItem>) out.push(u.key);
      return out;
    };
    return {
      store: new S3BlobStore(client, bucket),
      fileAndFolderListed: false,
      leftovers: async () => [...(await names(STAGING_PREFIX)), ...(await incomplete())],
      cleanup: async (tenants) => {
        for (const tenant of tenants) {
          const ours = await names(`t/${tenant}/`);
          if (ours.length) await client.removeObjects(bucket, ours);
        }
      },
    };
  });
});
