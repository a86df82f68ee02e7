// The HTTP data-plane stack: a real sidecar and gateway (test/gateway/harness.ts) with KV, file
// and analytics stores, listening on a port so plain `fetch` (streams, presigned URLs) works.
// One variant per adapter set: embedded (memory, filesystem, the embedded ClickHouse server) and
// real servers (Redis, MinIO, and ClickHouse when CPOD_CLICKHOUSE_URL is set) when the
// environment has them.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { type BucketItem, Client } from "minio";
import { embeddedAnalytics } from "../../../server/gateway/adapters/open-embedded-analytics.js";
import { S3_VARS } from "../../../server/gateway/config.js";
import { FsBlobStore } from "../../../server/gateway/files/adapters/fs-blob-store.js";
import {
  S3BlobStore,
  STAGING_PREFIX,
} from "../../../server/gateway/files/adapters/s3-blob-store.js";
import type { BlobStore } from "../../../server/gateway/files/index.js";
import { MemoryKvStore } from "../../../server/gateway/kv/adapters/memory-kv-store.js";
import { RedisKvStore } from "../../../server/gateway/kv/adapters/redis-kv-store.js";
import type { KvStore } from "../../../server/gateway/kv/index.js";
import type { TestDataStores as DataStores } from "../../helpers/gateway-ports.js";
import { serviceEnv, serviceUrl } from "../../helpers/services.js";
import { freshClickHouseStore } from "../analytics/fresh-clickhouse-store.js";
import { bearer, type Stack, startStack } from "../harness.js";

/** A JSON answer in a test: any shape, checked by the assertions that follow. */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are checked by expect, not by types
export type Json = any;

/** The body of `res` as JSON. */
export const json = async (res: Response): Promise<Json> => res.json();

/** Every data scope, so a test token can call every data route. */
export const DATA_SCOPES =
  "kv.read kv.write files.read files.write analytics.read analytics.write audit.read secrets.read secrets.write";

/** Stores of one variant, with what the tests need to look inside them. */
interface OpenedVariant {
  data: DataStores;
  kv: KvStore;
  blobs: BlobStore;
  /** Staging / temp objects left by uploads (must stay empty). */
  leftovers: () => Promise<string[]>;
  close: () => Promise<void>;
}

/** A named adapter set; `open` is called once per suite. */
export interface Variant {
  name: string;
  open: () => Promise<OpenedVariant>;
}

async function embedded(): Promise<OpenedVariant> {
  const root = await mkdtemp(join(tmpdir(), "cpod-http-files-"));
  // Filled in once the gateway listens: FsBlobStore reads it when it signs.
  const presigned = { presignKey: randomBytes(32), presignBaseUrl: "http://unset.invalid" };
  const kv = new MemoryKvStore();
  const blobs = new FsBlobStore(root, presigned);
  // As `cpod dev` runs it: a ClickHouse server under the data dir, started by the first call.
  const analytics = embeddedAnalytics(root).store;
  return {
    data: { kv, files: { store: blobs, presigned, maxUploadBytes: 8 * 2 ** 20 }, analytics },
    kv,
    blobs,
    leftovers: async () => readdir(join(root, "tmp")).catch(() => []),
    close: async () => {
      if (analytics && "close" in analytics) await analytics.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Analytics on the real ClickHouse server (its own database) when there is one, else embedded. */
async function realAnalyticsStore(root: string): Promise<DataStores["analytics"]> {
  const url = process.env.CPOD_CLICKHOUSE_URL;
  if (!url) return embeddedAnalytics(root).store;
  const store = await freshClickHouseStore(url);
  await store.migrate();
  return store;
}

async function realServers(): Promise<OpenedVariant> {
  const env = serviceEnv("minio", S3_VARS) as Record<(typeof S3_VARS)[number], string>;
  const redis = new Redis(serviceUrl("CPOD_REDIS_URL") as string, { lazyConnect: true });
  await redis.connect();
  const endpoint = new URL(env.CPOD_S3_ENDPOINT);
  const client = new Client({
    endPoint: endpoint.hostname,
    port: Number(endpoint.port),
    useSSL: endpoint.protocol === "https:",
    accessKey: env.CPOD_S3_ACCESS_KEY,
    secretKey: env.CPOD_S3_SECRET_KEY,
  });
  const bucket = env.CPOD_S3_BUCKET;
  if (!(await client.bucketExists(bucket))) await client.makeBucket(bucket);
  const kv = new RedisKvStore(redis);
  const blobs = new S3BlobStore(client, bucket);
  const root = await mkdtemp(join(tmpdir(), "cpod-http-analytics-"));
  const analytics = await realAnalyticsStore(root);
  const staged = async () => {
    const out: string[] = [];
    const list = client.listObjectsV2(bucket, STAGING_PREFIX, true);
    for await (const item of list as AsyncIterable<BucketItem>) if (item.name) out.push(item.name);
    return out;
  };
  const before = new Set(await staged());
  return {
    data: { kv, files: { store: blobs, maxUploadBytes: 8 * 2 ** 20 }, analytics },
    kv,
    blobs,
    // Only staging objects that appeared during this run (other suites share the bucket).
    leftovers: async () => (await staged()).filter((name) => !before.has(name)),
    close: async () => {
      if (analytics && "close" in analytics) await analytics.close();
      redis.disconnect();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The variants this environment can run: embedded always, real servers when configured. */
export function variants(): Variant[] {
  const real = serviceUrl("CPOD_REDIS_URL") && serviceEnv("minio", S3_VARS);
  const analyticsName = process.env.CPOD_CLICKHOUSE_URL ? "ClickHouse" : "embedded ClickHouse";
  return [
    { name: "embedded (memory KV, filesystem, embedded ClickHouse)", open: embedded },
    ...(real ? [{ name: `real servers (Redis, MinIO, ${analyticsName})`, open: realServers }] : []),
  ];
}

/** A running stack with data stores, listening on 127.0.0.1 for fetch-based tests. */
export interface DataStack {
  stack: Stack;
  opened: OpenedVariant;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** A fresh app id per suite run, so runs against shared Redis/MinIO never see each other. */
  run: string;
  /** Auth headers for `tenant`, with every data scope unless `scopes` says otherwise. */
  auth(
    tenant: string,
    opts?: { app?: string; user?: string; scopes?: string },
  ): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function startDataStack(
  variant: Variant,
  opts: { maxUploadBytes?: number } = {},
): Promise<DataStack> {
  const opened = await variant.open();
  if (opts.maxUploadBytes && opened.data.files)
    opened.data.files.maxUploadBytes = opts.maxUploadBytes;
  // A roomier sidecar deadline than the harness default: these suites share 2 busy cores.
  const stack = await startStack({ data: opened.data, sidecarTimeoutMs: 5_000 });
  const address = await stack.gateway.listen({ port: 0, host: "127.0.0.1" });
  const presigned = opened.data.files?.presigned;
  if (presigned) presigned.presignBaseUrl = `${address}/v1/presigned`;
  const run = randomUUID().slice(0, 8);
  return {
    stack,
    opened,
    url: address,
    run,
    auth: async (tenant, opts = {}) =>
      bearer(
        await stack.token(tenant, {
          app: opts.app ?? `app_${run}`,
          ...(opts.user ? { user: opts.user } : {}),
          scopes: opts.scopes ?? DATA_SCOPES,
        }),
      ),
    close: async () => {
      await stack.close();
      await opened.close();
    },
  };
}
