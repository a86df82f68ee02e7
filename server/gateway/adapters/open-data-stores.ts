import { join } from "node:path";
import { Redis } from "ioredis";
import { Client } from "minio";
import { clickhouseOutage, redisOutage, s3Outage } from "../../../lib/driver-outages.js";
import { guardStore } from "../../../lib/store-unavailable.js";
import type { ReadinessCheck } from "../../shared/http/health.js";
import { ClickHouseAnalyticsStore } from "../analytics/adapters/clickhouse-analytics-store.js";
import type { AnalyticsStore } from "../analytics/index.js";
import type { GatewayStoreConfig } from "../config.js";
import { FsBlobStore } from "../files/adapters/fs-blob-store.js";
import { S3BlobStore } from "../files/adapters/s3-blob-store.js";
import { MemoryKvStore } from "../kv/adapters/memory-kv-store.js";
import { RedisKvStore } from "../kv/adapters/redis-kv-store.js";
import type { KvStore } from "../kv/index.js";
import type { FilePorts } from "../ports.js";
import { embeddedAnalytics } from "./open-embedded-analytics.js";
import { REDIS_OPTIONS, s3Transport } from "./store-timeouts.js";

/** The file store as opened: the FileService is built over it by the composition. */
export type OpenedFiles = Omit<FilePorts, "service">;

/** One opened store: the port, the adapter's name for the startup log, its `/readyz` probe. */
export interface OpenedStore<T> {
  store: T;
  adapter: string;
  /** A round trip to the store's server; undefined for an embedded store. */
  check: ReadinessCheck | undefined;
  close(): Promise<void>;
}

/**
 * The KV store: Redis on `CPOD_REDIS_URL` (bounded by REDIS_OPTIONS), else in-process.
 *
 * @example
 *   const kv = await openKvStore(config.stores.redisUrl);
 */
export async function openKvStore(redisUrl: string | undefined): Promise<OpenedStore<KvStore>> {
  if (!redisUrl)
    return {
      store: new MemoryKvStore(),
      adapter: "memory (embedded)",
      check: undefined,
      close: async () => {},
    };
  const redis = new Redis(redisUrl, { ...REDIS_OPTIONS, lazyConnect: true });
  // Reconnect failures are not logged one by one: each request they fail is (as a 503).
  redis.on("error", () => {});
  await redis.connect();
  return {
    store: guardStore("kv", redisOutage, new RedisKvStore(redis)),
    adapter: "redis",
    check: async () => void (await redis.ping()),
    close: async () => void redis.disconnect(),
  };
}

/**
 * The file store: MinIO/S3 when all four `CPOD_S3_*` are set, else the filesystem under
 * `<dataDir>/files`, whose presigned URLs point at `CPOD_PUBLIC_URL/v1/presigned` and are
 * signed with `presignKey`.
 *
 * @example
 *   const files = await openFileStore(config.stores, ".cpod", presignKey);
 */
export async function openFileStore(
  stores: Pick<GatewayStoreConfig, "s3" | "publicUrl" | "filesMaxBytes">,
  dataDir: string,
  presignKey: Buffer,
): Promise<OpenedStore<OpenedFiles>> {
  const maxUploadBytes = stores.filesMaxBytes;
  const s3 = stores.s3;
  if (s3) {
    const useSSL = s3.endpoint.protocol === "https:";
    const client = new Client({
      endPoint: s3.endpoint.hostname,
      port: Number(s3.endpoint.port) || (useSSL ? 443 : 80),
      useSSL,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      transport: s3Transport(useSSL),
    });
    if (!(await client.bucketExists(s3.bucket))) await client.makeBucket(s3.bucket);
    const store = guardStore("files", s3Outage, new S3BlobStore(client, s3.bucket));
    return {
      store: { store, presigned: undefined, maxUploadBytes },
      adapter: `s3 (${s3.endpoint.host}/${s3.bucket})`,
      check: async () => void (await client.bucketExists(s3.bucket)),
      close: async () => {},
    };
  }
  const presigned = { presignKey, presignBaseUrl: `${stores.publicUrl}/v1/presigned` };
  const root = join(dataDir, "files");
  return {
    store: { store: new FsBlobStore(root, presigned), presigned, maxUploadBytes },
    adapter: `filesystem (embedded, ${root})`,
    check: undefined,
    close: async () => {},
  };
}

/**
 * The analytics store: ClickHouse on `CPOD_CLICKHOUSE_URL`, else the embedded ClickHouse server
 * under `<dataDir>/clickhouse`, started by the first analytics call (see embeddedAnalytics). When
 * the embedded server cannot start (chdb not installed, no python3), analytics calls answer 503
 * with the reason instead of the gateway refusing to start.
 *
 * @example
 *   const analytics = await openAnalyticsStore(config.stores.clickhouseUrl, ".cpod");
 */
export async function openAnalyticsStore(
  clickhouseUrl: string | undefined,
  dataDir: string,
): Promise<OpenedStore<AnalyticsStore>> {
  if (clickhouseUrl) {
    const store = guardStore(
      "analytics",
      clickhouseOutage,
      ClickHouseAnalyticsStore.connect(clickhouseUrl),
    );
    await store.migrate();
    return { store, adapter: "clickhouse", check: undefined, close: () => store.close() };
  }
  const { store, where } = embeddedAnalytics(dataDir);
  return {
    store,
    adapter: `clickhouse (embedded server under ${where}, started on first use)`,
    check: undefined,
    close: () => store.close(),
  };
}
