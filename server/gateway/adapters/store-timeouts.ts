import http from "node:http";
import https from "node:https";
import type { ClientOptions } from "minio";
import type { MongoClientOptions } from "mongodb";

/**
 * The gateway's bounds on its stores, chosen here in one place so an outage is decided within
 * about a second and answered `503 unavailable` (see StoreUnavailableError) instead of hanging
 * a request or surfacing as `500 internal`. A refused connection fails at once; a paused server
 * (it accepts connections but never answers) fails when the bound below expires.
 */

/**
 * ioredis, for KV and idempotency keys: no offline queue (a command while disconnected fails
 * now instead of waiting for a reconnect), no retry of a command across reconnects, and no
 * replay of an unanswered command after one — a request that already answered 503 must not
 * have its write applied later. Every command is bounded by `commandTimeout`; KV commands are
 * single keys or short scripts, far below it.
 */
export const REDIS_OPTIONS = {
  connectTimeout: 1_000,
  commandTimeout: 1_000,
  maxRetriesPerRequest: 0,
  enableOfflineQueue: false,
  autoResendUnfulfilledCommands: false,
} as const;

/**
 * mongodb: server selection and connect within a second (the driver default of 30 s made every
 * entity request wait 5–30 s); a socket silent for 2 s (a paused server) fails the operation.
 */
export const MONGO_OPTIONS: MongoClientOptions = {
  serverSelectionTimeoutMS: 1_000,
  connectTimeoutMS: 1_000,
  socketTimeoutMS: 2_000,
};

/** How long an S3 request may wait for its response headers. */
export const S3_TIMEOUT_MS = 3_000;
/**
 * Server-side copies and multipart completion of large objects legitimately take a while before
 * the server answers; they get this longer bound.
 */
export const S3_SLOW_TIMEOUT_MS = 120_000;

/** What minio-js calls to send a request (its `transport` option: `http`'s `request`). */
type Transport = NonNullable<ClientOptions["transport"]>;
type Callback = (res: http.IncomingMessage) => void;

/** Copy (`x-amz-copy-source`) and CompleteMultipartUpload (`POST …?uploadId=`). */
function isSlow(options: http.RequestOptions): boolean {
  const headers = (options.headers ?? {}) as Record<string, unknown>;
  const copy = Object.keys(headers).some((h) => h.toLowerCase() === "x-amz-copy-source");
  return copy || (options.method === "POST" && /[?&]uploadId=/.test(options.path ?? ""));
}

/**
 * A minio-js transport that bounds each request until its response headers arrive: the socket
 * is destroyed with an `ETIMEDOUT` error after {@link S3_TIMEOUT_MS} of silence (longer for
 * copies). minio-js has no timeout of its own, so a paused MinIO would hold a request forever.
 * The bound is lifted once the response starts, so a slow client downloading a large object
 * (back-pressure) is never cut off.
 *
 * @example
 *   new Client({ endPoint, port, useSSL, accessKey, secretKey, transport: s3Transport(useSSL) });
 */
export function s3Transport(useSSL: boolean, timeoutMs = S3_TIMEOUT_MS): Transport {
  const base = useSSL ? https : http;
  const request = (options: http.RequestOptions, callback: Callback) => {
    const bound = isSlow(options) ? Math.max(timeoutMs, S3_SLOW_TIMEOUT_MS) : timeoutMs;
    const req = base.request(options, (res) => {
      req.setTimeout(0);
      callback(res);
    });
    req.setTimeout(bound, () => {
      const error = Object.assign(new Error(`S3 request got no answer in ${bound} ms`), {
        code: "ETIMEDOUT",
      });
      req.destroy(error);
    });
    return req;
  };
  // minio-js always calls request(options, callback); http's other overloads are never used.
  return { request } as unknown as Transport;
}
