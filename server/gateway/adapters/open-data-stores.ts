import { createHmac, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Redis } from "ioredis";
import { Client } from "minio";
import { clickhouseOutage, redisOutage, s3Outage } from "../../../lib/driver-outages.js";
import { guardStore } from "../../../lib/store-unavailable.js";
import { ChdbAnalyticsStore } from "../analytics/adapters/chdb-analytics-store.js";
import { ClickHouseAnalyticsStore } from "../analytics/adapters/clickhouse-analytics-store.js";
import type { DataStores } from "../data-stores.js";
import { FsBlobStore } from "../files/adapters/fs-blob-store.js";
import { S3BlobStore } from "../files/adapters/s3-blob-store.js";
import { MemoryKvStore } from "../kv/adapters/memory-kv-store.js";
import { RedisKvStore } from "../kv/adapters/redis-kv-store.js";
import { REDIS_OPTIONS, s3Transport } from "./store-timeouts.js";

/** Opened stores, each adapter's name for the startup log, and how to release them. */
export interface OpenedDataStores {
  stores: DataStores;
  adapters: { kv: string; files: string; analytics: string };
  /** `/readyz` probes of the store servers (Redis, MinIO/S3); none for embedded stores. */
  checks: Record<string, () => Promise<void>>;
  close(): Promise<void>;
}

/** The environment this reads (names as in DESIGN.md §3 and §9). */
export type DataStoreEnv = Partial<
  Record<
    | "CPOD_REDIS_URL"
    | "CPOD_S3_ENDPOINT"
    | "CPOD_S3_ACCESS_KEY"
    | "CPOD_S3_SECRET_KEY"
    | "CPOD_S3_BUCKET"
    | "CPOD_CLICKHOUSE_URL"
    | "CPOD_PUBLIC_URL"
    | "CPOD_MASTER_KEY"
    | "CPOD_FILES_MAX_BYTES",
    string
  >
>;

const S3_VARS = [
  "CPOD_S3_ENDPOINT",
  "CPOD_S3_ACCESS_KEY",
  "CPOD_S3_SECRET_KEY",
  "CPOD_S3_BUCKET",
] as const;

/** The KV store alone: Redis on `CPOD_REDIS_URL` (bounded by REDIS_OPTIONS), else in-process. */
export async function openKvStore(env: DataStoreEnv) {
  if (!env.CPOD_REDIS_URL)
    return {
      store: new MemoryKvStore(),
      adapter: "memory (embedded)",
      check: undefined,
      close: async () => {},
    };
  const redis = new Redis(env.CPOD_REDIS_URL, { ...REDIS_OPTIONS, lazyConnect: true });
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

/** The presign HMAC key: derived from the master key, else a 0600 file in the data dir. */
async function presignKey(env: DataStoreEnv, dataDir: string): Promise<Buffer> {
  if (env.CPOD_MASTER_KEY)
    return createHmac("sha256", env.CPOD_MASTER_KEY).update("cpod/file-presign/v1").digest();
  const file = join(dataDir, "presign.key");
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    },
  );
  return Buffer.from((await readFile(file, "utf8")).trim(), "hex");
}

/** The file store alone: MinIO/S3 when all four `CPOD_S3_*` are set, else the filesystem. */
export async function openFileStore(env: DataStoreEnv, dataDir: string) {
  const max = env.CPOD_FILES_MAX_BYTES;
  const maxUploadBytes = max === undefined ? undefined : positiveInt("CPOD_FILES_MAX_BYTES", max);
  const set = S3_VARS.filter((name) => env[name]);
  if (set.length > 0 && set.length < S3_VARS.length)
    throw new Error(`${S3_VARS.find((n) => !env[n])} must be set with ${set.join(", ")}`);
  if (set.length === S3_VARS.length) {
    const endpoint = new URL(env.CPOD_S3_ENDPOINT as string);
    const useSSL = endpoint.protocol === "https:";
    const client = new Client({
      endPoint: endpoint.hostname,
      port: Number(endpoint.port) || (useSSL ? 443 : 80),
      useSSL,
      accessKey: env.CPOD_S3_ACCESS_KEY as string,
      secretKey: env.CPOD_S3_SECRET_KEY as string,
      transport: s3Transport(useSSL),
    });
    const bucket = env.CPOD_S3_BUCKET as string;
    if (!(await client.bucketExists(bucket))) await client.makeBucket(bucket);
    return {
      files: {
        store: guardStore("files", s3Outage, new S3BlobStore(client, bucket)),
        maxUploadBytes,
      },
      adapter: `s3 (${endpoint.host}/${bucket})`,
      check: async () => void (await client.bucketExists(bucket)),
    };
  }
  const publicUrl = (env.CPOD_PUBLIC_URL ?? "http://127.0.0.1:8000").replace(/\/+$/, "");
  const presigned = {
    presignKey: await presignKey(env, dataDir),
    presignBaseUrl: `${publicUrl}/v1/presigned`,
  };
  const root = join(dataDir, "files");
  return {
    files: { store: new FsBlobStore(root, presigned), presigned, maxUploadBytes },
    adapter: `filesystem (embedded, ${root})`,
    check: undefined,
  };
}

async function openAnalytics(env: DataStoreEnv, dataDir: string) {
  if (env.CPOD_CLICKHOUSE_URL) {
    const store = guardStore(
      "analytics",
      clickhouseOutage,
      ClickHouseAnalyticsStore.connect(env.CPOD_CLICKHOUSE_URL),
    );
    await store.migrate();
    return { analytics: store, adapter: "clickhouse" };
  }
  try {
    const store = await ChdbAnalyticsStore.open(join(dataDir, "analytics"));
    await store.migrate();
    return { analytics: store, adapter: "chdb (embedded)" };
  } catch (error) {
    const unavailable = `Analytics is unavailable: ${(error as Error).message}`;
    return { analytics: { unavailable }, adapter: `none — ${unavailable}` };
  }
}

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`${name}=${value} must be a positive integer`);
  return n;
}

/**
 * Picks and opens the KV, file and analytics stores (DESIGN.md §3): Redis on `CPOD_REDIS_URL`
 * else in-process; MinIO/S3 when all four `CPOD_S3_*` are set else the filesystem under
 * `<dataDir>/files` (presigned URLs then point at `CPOD_PUBLIC_URL/v1/presigned`); ClickHouse on
 * `CPOD_CLICKHOUSE_URL` else chdb under `<dataDir>/analytics`. chdb is an optional dependency:
 * when it does not load, analytics is reported unavailable instead of stopping the gateway.
 *
 * @example
 *   const opened = await openDataStores(process.env, ".cpod");
 *   log(`kv ${opened.adapters.kv}, files ${opened.adapters.files}`);
 */
export async function openDataStores(
  env: DataStoreEnv,
  dataDir: string,
): Promise<OpenedDataStores> {
  const kv = await openKvStore(env);
  const files = await openFileStore(env, dataDir);
  const analytics = await openAnalytics(env, dataDir);
  return {
    stores: { kv: kv.store, files: files.files, analytics: analytics.analytics },
    adapters: { kv: kv.adapter, files: files.adapter, analytics: analytics.adapter },
    checks: {
      ...(kv.check ? { kv: kv.check } : {}),
      ...(files.check ? { files: files.check } : {}),
    },
    close: async () => {
      await kv.close();
      if ("close" in analytics.analytics) await analytics.analytics.close();
    },
  };
}
