/**
 * Which driver errors mean "the store's server is unreachable or not answering" — the cases a
 * client should retry later (503 `unavailable`), as opposed to a bad request, a bug or a data
 * error (which stay what they are). One predicate per driver, used by `guardStore` at each
 * production adapter. They look at error names, codes and messages rather than `instanceof`, so
 * a second copy of a driver package in node_modules cannot slip past them, and they follow
 * `cause` chains and AggregateErrors (Node's happy-eyeballs connect reports one per address).
 */

/** Socket-level failures: nothing on the port, the peer went away, or a bound expired. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "ENOTCONN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
]);

type Inspected = { name?: unknown; code?: unknown; message?: unknown; errors?: unknown };

/** `error`, its causes and the members of AggregateErrors, depth-limited (cycles exist). */
function* chain(error: unknown, depth = 0): Generator<Inspected> {
  if (depth > 8 || typeof error !== "object" || error === null) return;
  const e = error as Inspected & { cause?: unknown };
  yield e;
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* chain(inner, depth + 1);
  yield* chain(e.cause, depth + 1);
}

function some(error: unknown, test: (e: Inspected) => boolean): boolean {
  for (const e of chain(error)) if (test(e)) return true;
  return false;
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** A socket error anywhere in the chain (`ECONNREFUSED`, `ECONNRESET`, `ETIMEDOUT`, …). */
export function networkOutage(error: unknown): boolean {
  return some(
    error,
    (e) => NETWORK_CODES.has(text(e.code)) || /socket hang up/i.test(text(e.message)),
  );
}

const REDIS_MESSAGES = [
  /^Connection is closed\.?$/,
  /enableOfflineQueue options is false/,
  /^Command timed out/,
  /^connect ETIMEDOUT/,
  /* Server-side "not now" replies: loading a dump, failover, cluster rebalancing. */
  /^(LOADING|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/,
];

/** ioredis: retries exhausted, offline queue refused, command or connect timeout, socket error. */
export function redisOutage(error: unknown): boolean {
  return (
    networkOutage(error) ||
    some(
      error,
      (e) =>
        e.name === "MaxRetriesPerRequestError" ||
        REDIS_MESSAGES.some((re) => re.test(text(e.message))),
    )
  );
}

const MONGO_NAMES = new Set([
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoPoolClearedError",
  "MongoOperationTimeoutError",
  "MongoWaitQueueTimeoutError",
]);
/** Server codes for shutdown, failover and "not primary" (the driver's own retryable set). */
const MONGO_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/** mongodb: server selection or connect timed out, pool cleared, socket error, shutting down. */
export function mongoOutage(error: unknown): boolean {
  return some(
    error,
    (e) =>
      MONGO_NAMES.has(text(e.name)) ||
      (text(e.name) === "MongoServerError" && MONGO_CODES.has(Number(e.code))),
  );
}

const S3_CODES = new Set([
  "SlowDown",
  "ServiceUnavailable",
  "RequestTimeout",
  "XMinioServerNotInitialized",
  "XMinioStorageFull",
]);

/**
 * minio/S3: socket errors and timeouts, and the server saying "later" — an S3 error code such
 * as `SlowDown`, or minio-js's own "Request failed after N retries: … Retryable HTTP status:
 * 503" once its retry of a 429/5xx gave up.
 */
export function s3Outage(error: unknown): boolean {
  return (
    networkOutage(error) ||
    some(
      error,
      (e) =>
        S3_CODES.has(text(e.code)) || /Retryable HTTP status: (429|5\d\d)/.test(text(e.message)),
    )
  );
}

const PG_MESSAGES = [
  /^Connection terminated/,
  /^timeout expired$/,
  /^timeout exceeded when trying to connect$/,
  /^Query read timeout$/,
  /is not queryable$/,
];

/**
 * pg: refused, dropped or timed-out connections, and SQLSTATEs that mean "the server cannot
 * serve now": class 08 (connection exception), 57P01–57P03 (shutdown, starting up), 53300 (too
 * many connections).
 */
export function pgOutage(error: unknown): boolean {
  return (
    networkOutage(error) ||
    some(error, (e) => {
      const code = text(e.code);
      return (
        code.startsWith("08") ||
        /^57P0[123]$/.test(code) ||
        code === "53300" ||
        PG_MESSAGES.some((re) => re.test(text(e.message)))
      );
    })
  );
}

/** @clickhouse/client: socket errors, its request timeout, and HTTP 503 from the server. */
export function clickhouseOutage(error: unknown): boolean {
  return (
    networkOutage(error) ||
    some(error, (e) => /^Timeout error\.?$/.test(text(e.message)) || text(e.code) === "503")
  );
}
