/** Seconds a client is told to wait before retrying when a store is down (`Retry-After`). */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * A backing store (Redis, MinIO, MongoDB, PostgreSQL, ClickHouse) did not answer: refused,
 * reset, timed out, or answered with its own "try later" (S3 503 SlowDown). Raised by the
 * production adapters instead of the driver's error, and answered as `503 unavailable` with
 * `Retry-After` by the one mapping in `ApiError.from` — never as `500 internal`, because the
 * request was fine and a retry is expected to work once the server is back. `store` names the
 * port (`kv`, `files`, …) for logs and the Problem detail, never an address; the driver's error
 * is kept as `cause` and logged, never sent.
 *
 * @example
 *   throw new StoreUnavailableError("kv", { cause: error });
 */
export class StoreUnavailableError extends Error {
  override readonly name = "StoreUnavailableError";
  readonly store: string;
  readonly retryAfterSeconds: number;

  constructor(store: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    const retryAfter = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    if (!Number.isInteger(retryAfter) || retryAfter < 0)
      throw new TypeError(`StoreUnavailableError: bad retryAfterSeconds ${retryAfter}`);
    super(`store unavailable: ${store}`, { cause: options.cause });
    this.store = store;
    this.retryAfterSeconds = retryAfter;
  }
}

/** Decides whether a driver error means "the server is unreachable" (see `driver-outages.ts`). */
export type OutageTest = (error: unknown) => boolean;

/** `error` as a StoreUnavailableError when `isOutage` says so, else unchanged. */
export function classifyStoreError(store: string, isOutage: OutageTest, error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isOutage(error)) return error;
  return new StoreUnavailableError(store, { cause: error });
}

/**
 * Wraps every promise-returning method of an adapter so a driver's "server unreachable" error
 * leaves it as a StoreUnavailableError. One wrapper per adapter instance, at the boundary where
 * driver errors would otherwise leak into services; other errors (and sync results) pass as
 * they are. Methods run on the adapter itself, so its private fields keep working.
 *
 * @example
 *   const kv = guardStore("kv", redisOutage, new RedisKvStore(redis));
 */
export function guardStore<T extends object>(store: string, isOutage: OutageTest, target: T): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object);
      if (typeof value !== "function") return value;
      if (!wrapped.has(property)) {
        wrapped.set(property, (...args: unknown[]) => {
          const result = value.apply(object, args);
          if (!(result instanceof Promise)) return result;
          return result.catch((error: unknown) => {
            throw classifyStoreError(store, isOutage, error);
          });
        });
      }
      return wrapped.get(property);
    },
  });
}
