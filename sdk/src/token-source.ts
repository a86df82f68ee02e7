import { type Clock, raceSignal } from "./clock.js";
import { AuthenticationError, type CpodError, isCpodError } from "./errors.js";

/** A token and when to stop using it (epoch ms); `refreshAt` is 80% into its lifetime. */
export interface CachedToken {
  value: string;
  refreshAt: number;
  expiresAt: number;
}

/** Where an SDK call gets its bearer token. */
export interface TokenSource {
  /** A usable token; waits for (at most one shared) refresh when needed. */
  get(signal?: AbortSignal): Promise<string>;
  /** The server refused `token` (401): the next `get` fetches a new one, if this source can. */
  invalidate(token: string): boolean;
}

/** Issues a new token; `lifetimeSeconds` undefined means "unknown, never refresh on time". */
export type TokenFetcher = () => Promise<{ value: string; lifetimeSeconds?: number | undefined }>;

/** Share of a token's lifetime after which it is refreshed (design §8). */
export const REFRESH_AT = 0.8;
const COOLDOWN_BASE_MS = 1_000;
const COOLDOWN_MAX_MS = 30_000;

/**
 * A token cache with the auth-js lifecycle: fetch on first use, refresh at 80% of the
 * lifetime, exactly one refresh in flight however many calls wait for it, and after a failed
 * refresh a cooldown (1 s, doubling to 30 s) during which calls fail fast with the last error
 * instead of hammering the token endpoint. While the old token is still valid, a failed
 * refresh keeps serving it.
 */
export class RefreshingTokenSource implements TokenSource {
  #current: CachedToken | undefined;
  #inflight: Promise<CachedToken> | undefined;
  #failure: { error: CpodError; until: number; count: number } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly fetcher: TokenFetcher,
    initial?: CachedToken,
  ) {
    this.#current = initial;
  }

  async get(signal?: AbortSignal): Promise<string> {
    const now = this.clock.now();
    const current = this.#current;
    if (current && now < current.refreshAt) return current.value;
    const stillValid = current !== undefined && now < current.expiresAt;
    const failure = this.#failure;
    if (failure && now < failure.until && !this.#inflight) {
      if (stillValid) return current.value;
      throw cooldownError(failure.error, failure.until - now);
    }
    try {
      return (await raceSignal(this.#refresh(), signal)).value;
    } catch (error) {
      if (stillValid && !signal?.aborted) return current.value;
      throw error;
    }
  }

  invalidate(token: string): boolean {
    if (this.#current?.value === token) this.#current = undefined;
    return true;
  }

  #refresh(): Promise<CachedToken> {
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #fetch(): Promise<CachedToken> {
    const started = this.clock.now();
    try {
      const { value, lifetimeSeconds } = await this.fetcher();
      const lifetime = (lifetimeSeconds ?? Number.POSITIVE_INFINITY) * 1000;
      this.#current = {
        value,
        refreshAt: started + lifetime * REFRESH_AT,
        expiresAt: started + lifetime,
      };
      this.#failure = undefined;
      return this.#current;
    } catch (cause) {
      const error = asAuthenticationError(cause);
      const count = (this.#failure?.count ?? 0) + 1;
      const cooldown = Math.min(COOLDOWN_BASE_MS * 2 ** (count - 1), COOLDOWN_MAX_MS);
      this.#failure = { error, until: this.clock.now() + cooldown, count };
      throw error;
    }
  }
}

function cooldownError(last: CpodError, waitMs: number): AuthenticationError {
  return new AuthenticationError({
    status: last.status,
    code: last.code,
    title: "Token endpoint cooling down after a failure",
    detail: `the last token request failed (${last.message}); next attempt in ${waitMs} ms`,
    requestId: last.requestId,
    cause: last,
  });
}

/**
 * Token failures always surface as `AuthenticationError` (the operation was never sent), with
 * the underlying error — a refused client, a connection error, a 503 — as `cause`.
 */
export function asAuthenticationError(cause: unknown): AuthenticationError {
  if (cause instanceof AuthenticationError) return cause;
  const inner = isCpodError(cause) ? cause : undefined;
  return new AuthenticationError({
    status: inner?.status ?? 0,
    code: "unauthenticated",
    title: "Could not obtain an access token",
    detail: inner ? inner.message : String(cause),
    requestId: inner?.requestId,
    cause,
  });
}

/** A fixed token that never refreshes (the admin token). */
export class StaticTokenSource implements TokenSource {
  constructor(private readonly token: string) {}
  async get(): Promise<string> {
    return this.token;
  }
  invalidate(): boolean {
    return false;
  }
}
