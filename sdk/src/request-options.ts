/**
 * Per-call options, accepted as the last argument of every SDK method. They override the
 * client's defaults for this one call.
 *
 * @example
 *   await client.kv.get("k", { timeout: 2_000, maxRetries: 0, signal: AbortSignal.timeout(5_000) });
 */
export interface RequestOptions {
  /** Cancels the call, including a token wait or a backoff sleep in progress. */
  signal?: AbortSignal;
  /** Milliseconds for the whole call, retries and backoff included. */
  timeout?: number;
  /** Retries after the first attempt (0 disables retrying). */
  maxRetries?: number;
  /** The `Idempotency-Key` of a POST; by default one random key per call, reused by its retries. */
  idempotencyKey?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
}
