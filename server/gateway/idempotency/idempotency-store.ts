/** A response as it is kept for replay: enough to send the same bytes again. */
export interface StoredResponse {
  status: number;
  /** Only headers that describe the result (content type, ETag, Location). */
  headers: Record<string, string>;
  body: string;
}

/**
 * What claiming a key found: it was free (this request runs), a finished first request to
 * replay, or a first request still running. `fingerprint` is the first request's, so the
 * caller can tell a retry from a reuse of the key for another request.
 */
export type Claim =
  | { kind: "claimed" }
  | { kind: "done"; fingerprint: string; response: StoredResponse }
  | { kind: "running"; fingerprint: string };

/** What an adapter keeps under a key: the first request's fingerprint and, once done, its response. */
export interface HeldKey {
  fingerprint: string;
  response?: StoredResponse;
}

/** The claim outcome for a key already held: replay when finished, else still running. */
export function heldClaim(held: HeldKey): Claim {
  return held.response
    ? { kind: "done", fingerprint: held.fingerprint, response: held.response }
    : { kind: "running", fingerprint: held.fingerprint };
}

/**
 * The idempotency-key port (DESIGN.md §3: Redis in production, in-process embedded). Keys arrive
 * already scoped to tenant and app. `claim` must be atomic across gateway replicas: two
 * concurrent requests with one key never both get `claimed`.
 */
export interface IdempotencyStore {
  /** Takes the key for a new request (held `runningTtlMs`), or reports what holds it. */
  claim(key: string, fingerprint: string, runningTtlMs: number): Promise<Claim>;
  /** Stores the first request's response for replay, for `ttlMs`. */
  complete(
    key: string,
    fingerprint: string,
    response: StoredResponse,
    ttlMs: number,
  ): Promise<void>;
  /** Frees a claimed key whose request produced nothing worth replaying (5xx, aborted). */
  release(key: string): Promise<void>;
  close(): Promise<void>;
}
