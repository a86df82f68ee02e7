import { parseHttpDate } from "./http-date.js";

/**
 * When and how long to wait before retrying. Pure functions of their inputs (time and
 * randomness are passed in), so every rule here is unit-tested without a clock.
 */
export interface RetryPolicy {
  /** Retries after the first attempt; 2 means at most 3 attempts. */
  maxRetries: number;
  /** First backoff, doubled per retry. */
  baseDelayMs: number;
  /** Cap of the exponential backoff. */
  maxDelayMs: number;
  /** Cap of a server's `Retry-After`, so one header cannot park a call for an hour. */
  maxRetryAfterMs: number;
}

/** Defaults: 3 attempts, 0.5 s → 1 s → … backoff capped at 8 s, `Retry-After` capped at 60 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Statuses worth another attempt: 408 and 429 (the server asks us to come back), and 5xx
 * except 501 (an operation that is not implemented will not be on the next try either).
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501);
}

/**
 * `Retry-After` (delay-seconds or an HTTP-date, RFC 9110 §10.2.3) in seconds, or undefined
 * when absent or unreadable. `nowMs` is the caller's clock, for the date form.
 */
export function parseRetryAfter(headers: Headers, nowMs: number): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const date = parseHttpDate(value);
  if (date === undefined) return undefined;
  return Math.max(0, (date - nowMs) / 1000);
}

/**
 * Milliseconds to wait before retry number `retry` (1-based). A server's `Retry-After` wins,
 * capped; otherwise exponential backoff with "equal jitter" (half fixed, half random), so
 * many clients failing together do not retry in lockstep.
 */
export function backoffDelay(
  retry: number,
  retryAfterSeconds: number | undefined,
  random: () => number,
  policy: RetryPolicy,
): number {
  if (retryAfterSeconds !== undefined) {
    return Math.min(retryAfterSeconds * 1000, policy.maxRetryAfterMs);
  }
  const exponential = Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return exponential / 2 + (random() * exponential) / 2;
}
