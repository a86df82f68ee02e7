import {
  type CallerCredentialSource,
  callerCredentialSource,
} from "../../lib/caller-credential.js";
import { parseMasterKey } from "../../lib/master-key.js";
import { type ListenAddress, parseHostPort } from "../shared/http/listen.js";
import { type LogLevel, parseLogLevel } from "../shared/http/logging.js";
import { ConfigError, configError } from "./config-error.js";
import { DEFAULT_CONTROL_PLANE_URL } from "./control-plane/control-plane-proxy.js";
import { FILE_LIMITS } from "./files/index.js";
import type { FailMode } from "./request-path/request-path.js";
import { MAX_ADMIT_BATCH } from "./sidecar/admission-batcher.js";
import { DEFAULT_SIDECAR_ADDR } from "./sidecar/sidecar-client.js";
import { readTlsFiles, type TlsFiles } from "./tls-files.js";

/** The gateway's settings (DESIGN.md §9), read once from the environment by main.ts. */
export interface GatewayConfig {
  /** `CPOD_ENV=production`: plain-HTTP requests are refused. */
  readonly production: boolean;
  /** `CPOD_GATEWAY_ADDR` (default `127.0.0.1:8000`). */
  readonly listen: ListenAddress;
  /** `CPOD_LOG_LEVEL` (default `info`). */
  readonly logLevel: LogLevel;
  /** `CPOD_DATA_DIR` (default `.cpod`): embedded stores, the audit queue, `master.key`. */
  readonly dataDir: string;
  /** `CPOD_MASTER_KEY` (32 bytes); unset means `<dataDir>/master.key`, shared by all programs. */
  readonly masterKey: Buffer | undefined;
  /** `CPOD_CONTROL_PLANE_URL`: where the OAuth and app routes are forwarded. */
  readonly controlPlaneUrl: string;
  readonly sidecar: {
    /** `CORESDK_SIDECAR_ADDR`, e.g. `http://[::1]:50051`. */
    readonly address: string;
    /**
     * `CORESDK_CALLER_CREDENTIAL` or `_FILE`, else `<CPOD_DATA_DIR>/caller.credential` outside
     * production; undefined in production when none is set (the sidecar then refuses the calls
     * unless it has mTLS, and the gateway answers 503).
     */
    readonly credential: CallerCredentialSource | undefined;
    /** `CORESDK_FAIL_MODE`: `open` lets the rate-limit step pass while the sidecar is down. */
    readonly failMode: FailMode;
  };
  /**
   * `CPOD_AUDIT_QUEUE_MAX` (default 50,000): audit records the durable queue may hold before new
   * API requests are refused with 503 until it drains.
   */
  readonly auditQueueMax: number;
  /**
   * How many admissions the gateway has at the sidecar at once, and how many requests may wait
   * for their turn beyond that (taking turns by caller and operation; a full queue is 503).
   */
  readonly admission: {
    /** `CPOD_ADMISSION_CONCURRENCY` (default {@link DEFAULT_ADMISSION_CONCURRENCY}). */
    readonly concurrency: number;
    /** `CPOD_ADMISSION_QUEUE_MAX` (default {@link DEFAULT_ADMISSION_QUEUE_MAX}). */
    readonly queueMax: number;
  };
  /** `CPOD_TRUSTED_PROXIES`: peers whose `X-Forwarded-Proto` is believed. */
  readonly trustedProxies: readonly string[];
  /** `CPOD_TLS_CERT_FILE` + `CPOD_TLS_KEY_FILE`, read at load: serve HTTPS directly. */
  readonly tls: TlsFiles | undefined;
  /** Which entity, KV, file, analytics and idempotency stores to open (DESIGN.md §3). */
  readonly stores: GatewayStoreConfig;
}

/** Store settings; an unset URL means the embedded adapter under `dataDir`. */
export interface GatewayStoreConfig {
  /** `CPOD_MONGO_URL`: entities in MongoDB (wins over PostgreSQL). */
  readonly mongoUrl: string | undefined;
  /** `CPOD_POSTGRES_URL`: entities in PostgreSQL; else the embedded PostgreSQL. */
  readonly postgresUrl: string | undefined;
  /** `CPOD_REDIS_URL`: KV and idempotency keys in Redis; else in-process. */
  readonly redisUrl: string | undefined;
  /** All four `CPOD_S3_*`: files in MinIO/S3; else the filesystem under `dataDir`. */
  readonly s3: S3Settings | undefined;
  /** `CPOD_CLICKHOUSE_URL`: analytics in ClickHouse; else the embedded ClickHouse server. */
  readonly clickhouseUrl: string | undefined;
  /** `CPOD_PUBLIC_URL` (no trailing `/`): the filesystem store's presigned URLs start with it. */
  readonly publicUrl: string;
  /** `CPOD_FILES_MAX_BYTES`: the largest upload (100 MiB unless set). */
  readonly filesMaxBytes: number;
}

/** `CPOD_S3_ENDPOINT`, `CPOD_S3_ACCESS_KEY`, `CPOD_S3_SECRET_KEY`, `CPOD_S3_BUCKET`. */
export interface S3Settings {
  readonly endpoint: URL;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly bucket: string;
}

type Env = Record<string, string | undefined>;

/**
 * Admissions in flight by default: as many as one AdmitBatch carries, so ordinary load never
 * waits (with 8, the sidecar's hop was no longer covered: GET /v1/kv at 50 connections fell from
 * 6,511 to 3,679 req/s); past it, requests take turns by caller and operation. `cpod dev`, whose
 * sidecar shares the gateway's thread, sets 8 (bin/dev/dev-platform.ts).
 */
export const DEFAULT_ADMISSION_CONCURRENCY = MAX_ADMIT_BATCH;
/** Requests waiting for admission before new ones get 503: a flood's memory stays bounded. */
export const DEFAULT_ADMISSION_QUEUE_MAX = 10_000;

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (Number.isSafeInteger(n) && n >= 1) return n;
  throw new ConfigError(`${name}=${raw} must be a positive integer`);
}

function failMode(value: string | undefined): FailMode {
  if (value === undefined || value === "closed" || value === "open") return value ?? "closed";
  throw new ConfigError(`CORESDK_FAIL_MODE=${value} must be "closed" or "open"`);
}

/** An http(s) URL setting, or its default when unset or empty. */
function url(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  if (URL.canParse(raw) && /^https?:$/.test(new URL(raw).protocol)) return raw;
  throw new ConfigError(`${name}=${raw} is not an http(s) URL`);
}

/** The four variables that select MinIO/S3 for files; all set or none. */
export const S3_VARS = [
  "CPOD_S3_ENDPOINT",
  "CPOD_S3_ACCESS_KEY",
  "CPOD_S3_SECRET_KEY",
  "CPOD_S3_BUCKET",
] as const;

/** All four `CPOD_S3_*` or none; some without the others names the first missing one. */
function s3(env: Env): S3Settings | undefined {
  const set = S3_VARS.filter((name) => env[name]);
  if (set.length === 0) return undefined;
  const missing = S3_VARS.find((name) => !env[name]);
  if (missing) throw new ConfigError(`${missing} must be set with ${set.join(", ")}`);
  return {
    endpoint: new URL(url(env, "CPOD_S3_ENDPOINT", "")),
    accessKey: env.CPOD_S3_ACCESS_KEY ?? "",
    secretKey: env.CPOD_S3_SECRET_KEY ?? "",
    bucket: env.CPOD_S3_BUCKET ?? "",
  };
}

function stores(env: Env): GatewayStoreConfig {
  return {
    mongoUrl: env.CPOD_MONGO_URL || undefined,
    postgresUrl: env.CPOD_POSTGRES_URL || undefined,
    redisUrl: env.CPOD_REDIS_URL || undefined,
    s3: s3(env),
    clickhouseUrl: env.CPOD_CLICKHOUSE_URL || undefined,
    publicUrl: (env.CPOD_PUBLIC_URL ?? "http://127.0.0.1:8000").replace(/\/+$/, ""),
    filesMaxBytes: positiveInt(env, "CPOD_FILES_MAX_BYTES", FILE_LIMITS.defaultMaxBytes),
  };
}

/** Both TLS files or neither; one without the other names the missing variable. */
function tls(env: Env): TlsFiles | undefined {
  const certFile = env.CPOD_TLS_CERT_FILE || undefined;
  const keyFile = env.CPOD_TLS_KEY_FILE || undefined;
  if (!certFile && !keyFile) return undefined;
  if (!certFile)
    throw new ConfigError("CPOD_TLS_CERT_FILE is required when CPOD_TLS_KEY_FILE is set");
  if (!keyFile)
    throw new ConfigError("CPOD_TLS_KEY_FILE is required when CPOD_TLS_CERT_FILE is set");
  return readTlsFiles({ certFile, keyFile });
}

/** Freezes `value` in place, nested settings too; key and certificate bytes stay as they are. */
function frozen<T extends object>(value: T): T {
  for (const child of Object.values(value))
    if (child && typeof child === "object" && !Buffer.isBuffer(child) && !Object.isFrozen(child))
      frozen(child);
  return Object.freeze(value);
}

/**
 * Reads and checks every gateway setting; the first bad one throws a ConfigError naming its
 * variable (main.ts prints it as one line and exits 2). Secrets are never echoed. This is the
 * only place the gateway reads its environment.
 *
 * @example
 *   const config = loadGatewayConfig(process.env);
 */
export function loadGatewayConfig(env: Env): GatewayConfig {
  const production = env.CPOD_ENV === "production";
  const dataDir = env.CPOD_DATA_DIR || ".cpod";
  return frozen({
    production,
    listen: parseHostPort(
      "CPOD_GATEWAY_ADDR",
      env.CPOD_GATEWAY_ADDR ?? "127.0.0.1:8000",
      configError,
    ),
    logLevel: parseLogLevel(env.CPOD_LOG_LEVEL, configError),
    dataDir,
    masterKey: env.CPOD_MASTER_KEY
      ? parseMasterKey(env.CPOD_MASTER_KEY, "CPOD_MASTER_KEY", configError)
      : undefined,
    controlPlaneUrl: url(env, "CPOD_CONTROL_PLANE_URL", DEFAULT_CONTROL_PLANE_URL),
    sidecar: {
      address: url(env, "CORESDK_SIDECAR_ADDR", DEFAULT_SIDECAR_ADDR),
      credential: callerCredentialSource(env, production, configError),
      failMode: failMode(env.CORESDK_FAIL_MODE),
    },
    auditQueueMax: positiveInt(env, "CPOD_AUDIT_QUEUE_MAX", 50_000),
    admission: {
      concurrency: positiveInt(env, "CPOD_ADMISSION_CONCURRENCY", DEFAULT_ADMISSION_CONCURRENCY),
      queueMax: positiveInt(env, "CPOD_ADMISSION_QUEUE_MAX", DEFAULT_ADMISSION_QUEUE_MAX),
    },
    trustedProxies: (env.CPOD_TRUSTED_PROXIES ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    tls: tls(env),
    stores: stores(env),
  });
}
