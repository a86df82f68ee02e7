import { CallScope } from "./call-scope.js";
import type { Clock } from "./clock.js";
import { errorFromResponse } from "./error-mapping.js";
import { ConnectionError, type CpodError } from "./errors.js";
import type { RequestOptions } from "./request-options.js";
import {
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from "./retry-policy.js";
import type { TokenSource } from "./token-source.js";

/** What every request is sent with; fixed at client construction. */
export interface HttpConfig {
  baseUrl: string;
  fetch: typeof fetch;
  clock: Clock;
  random: () => number;
  timeoutMs: number;
  retry: RetryPolicy;
  userAgent: string;
}

/** A request body: JSON, an OAuth form, or raw bytes produced afresh per attempt. */
export type RequestBody =
  | { kind: "json"; value: unknown }
  | { kind: "form"; value: URLSearchParams }
  | { kind: "raw"; contentType: string; open: () => Body; replayable: boolean };

/** What `fetch` accepts as a request body. */
export type Body = NonNullable<RequestInit["body"]>;

type Query = Record<string, string | number | boolean | undefined>;

/** One operation as the resource modules describe it. */
export interface RequestSpec {
  method: string;
  /** Path below the base URL, already percent-encoded. */
  path: string;
  query?: Query | undefined;
  headers?: Record<string, string | undefined>;
  body?: RequestBody;
  /** `tokens` for app calls, `none` for the token endpoint itself. */
  tokens: TokenSource | undefined;
  /** `stream` hands the open body to the caller (the timeout stops at the headers). */
  parse?: "json" | "none" | "stream";
  options?: RequestOptions | undefined;
}

/** A settled call: the parsed body (or the open stream) and the response's metadata. */
export interface HttpResult<T> {
  data: T;
  response: Response;
}

/**
 * The SDK's network behaviour as one chain (STYLE.md habit 11): bearer token → send → on 401
 * one forced token refresh and resend → on connection errors, 408, 429 and 5xx capped
 * exponential backoff with jitter or the server's `Retry-After` → typed error. One
 * `Idempotency-Key` per POST is reused by all its attempts; the caller's signal and the
 * call's timeout cancel every step, the backoff sleep included.
 */
export async function send<T>(config: HttpConfig, spec: RequestSpec): Promise<HttpResult<T>> {
  const options = spec.options ?? {};
  const scope = new CallScope(config.clock, options.timeout ?? config.timeoutMs, options.signal);
  const attempt = new Attempts(config, spec, scope);
  try {
    const result = await attempt.run<T>();
    if (spec.parse === "stream") scope.stopTimer();
    else scope.dispose();
    return result;
  } catch (error) {
    scope.dispose();
    throw error;
  }
}

class Attempts {
  readonly #maxRetries: number;
  readonly #replayable: boolean;
  readonly #idempotencyKey: string | undefined;
  #retries = 0;
  #refreshedAfter401 = false;

  constructor(
    private readonly config: HttpConfig,
    private readonly spec: RequestSpec,
    private readonly scope: CallScope,
  ) {
    this.#replayable = spec.body?.kind !== "raw" || spec.body.replayable;
    this.#maxRetries = this.#replayable ? (spec.options?.maxRetries ?? config.retry.maxRetries) : 0;
    this.#idempotencyKey =
      spec.method === "POST" && spec.body?.kind !== "form"
        ? (spec.options?.idempotencyKey ?? crypto.randomUUID())
        : undefined;
  }

  async run<T>(): Promise<HttpResult<T>> {
    for (;;) {
      this.#throwIfAborted();
      const token = await this.#token();
      const response = await this.#fetchOnce(token);
      if (response === undefined) continue;
      if (response.ok || response.status === 304) return this.#parse<T>(response);
      await this.#handleFailure(response, token);
    }
  }

  async #token(): Promise<string | undefined> {
    if (!this.spec.tokens) return undefined;
    try {
      return await this.spec.tokens.get(this.scope.signal);
    } catch (error) {
      this.#throwIfAborted();
      throw error;
    }
  }

  /** One HTTP exchange; `undefined` when a connection error was retried. */
  async #fetchOnce(token: string | undefined): Promise<Response | undefined> {
    try {
      return await this.config.fetch(this.#url(), this.#init(token));
    } catch (cause) {
      this.#throwIfAborted();
      const error = new ConnectionError({
        status: 0,
        code: "unavailable",
        title: "Could not reach cPod",
        detail: cause instanceof Error ? cause.message : String(cause),
        cause,
      });
      await this.#backoffOrThrow(error, undefined);
      return undefined;
    }
  }

  /** Resolves when the request should be sent again; throws the typed error otherwise. */
  async #handleFailure(response: Response, token: string | undefined): Promise<void> {
    const text = await this.#read(response);
    const now = this.config.clock.now();
    const error = errorFromResponse(response.status, response.headers, text, now);
    if (response.status === 401 && token && this.#replayable && !this.#refreshedAfter401) {
      this.#refreshedAfter401 = true;
      if (this.spec.tokens?.invalidate(token)) return;
    }
    if (!isRetryableStatus(response.status)) throw error;
    await this.#backoffOrThrow(error, parseRetryAfter(response.headers, now));
  }

  async #backoffOrThrow(error: CpodError, retryAfter: number | undefined): Promise<void> {
    if (this.#retries >= this.#maxRetries) throw error;
    const delay = backoffDelay(
      this.#retries + 1,
      retryAfter,
      this.config.random,
      this.config.retry,
    );
    // A wait that would outlast the call's timeout only turns a precise error into a timeout.
    if (delay >= this.scope.remaining()) throw error;
    this.#retries += 1;
    try {
      await this.config.clock.sleep(delay, this.scope.signal);
    } catch {
      this.#throwIfAborted();
    }
  }

  #throwIfAborted(): void {
    if (this.scope.signal.aborted) throw this.scope.abortError();
  }

  /** The body as text; an abort while reading surfaces as the call's abort error. */
  async #read(response: Response): Promise<string> {
    try {
      return await response.text();
    } catch (cause) {
      this.#throwIfAborted();
      throw new ConnectionError({
        status: response.status,
        code: "unavailable",
        title: "The connection broke while reading the response",
        detail: cause instanceof Error ? cause.message : String(cause),
        cause,
      });
    }
  }

  #url(): string {
    const url = new URL(this.config.baseUrl.replace(/\/+$/, "") + this.spec.path);
    for (const [name, value] of Object.entries(this.spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  #init(token: string | undefined): RequestInit {
    const headers = new Headers({
      accept: "application/json",
      "user-agent": this.config.userAgent,
    });
    if (token) headers.set("authorization", `Bearer ${token}`);
    if (this.#idempotencyKey) headers.set("idempotency-key", this.#idempotencyKey);
    for (const [name, value] of Object.entries({
      ...this.spec.headers,
      ...this.spec.options?.headers,
    })) {
      if (value !== undefined) headers.set(name, value);
    }
    const body = this.#body(headers);
    const init: RequestInit & { duplex?: "half" } = {
      method: this.spec.method,
      headers,
      signal: this.scope.signal,
    };
    if (body !== undefined) init.body = body;
    if (body instanceof ReadableStream) init.duplex = "half";
    return init;
  }

  #body(headers: Headers): Body | undefined {
    const body = this.spec.body;
    if (!body) return undefined;
    if (body.kind === "json") {
      headers.set("content-type", "application/json");
      return JSON.stringify(body.value);
    }
    if (body.kind === "form") {
      headers.set("content-type", "application/x-www-form-urlencoded");
      return body.value.toString();
    }
    headers.set("content-type", body.contentType);
    return body.open();
  }

  async #parse<T>(response: Response): Promise<HttpResult<T>> {
    if (this.spec.parse === "stream") return { data: response.body as T, response };
    const text = await this.#read(response);
    if (this.spec.parse === "none" || text === "") return { data: undefined as T, response };
    return { data: JSON.parse(text) as T, response };
  }
}
