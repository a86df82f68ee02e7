import type { Clock } from "./clock.js";

/**
 * Options of `new CpodClient(…)`. An app uses `clientId` + `clientSecret`; an operator
 * managing apps uses `adminToken`; a client may hold both.
 *
 * @example
 *   new CpodClient({ baseUrl: "http://127.0.0.1:8000", clientId: "app_…", clientSecret: "cs_…", timeout: 10_000 });
 */
export interface ClientOptions {
  /** The gateway, e.g. `https://api.example.com` or `http://127.0.0.1:8000` for `cpod dev`. */
  baseUrl: string;
  /** The app's OAuth client id. */
  clientId?: string;
  /** The app's OAuth client secret (`cs_…`). */
  clientSecret?: string;
  /** Space-separated scopes to ask for; absent asks for all the app declared. */
  scope?: string;
  /** Operator token for `oauth.apps` (`CPOD_ADMIN_TOKEN` of the platform). */
  adminToken?: string;
  /** Milliseconds per call, retries and backoff included (default 60 000). */
  timeout?: number;
  /** Retries after the first attempt (default 2, i.e. 3 attempts). */
  maxRetries?: number;
  /** A `fetch` to use instead of the global one (proxies, tests, instrumentation). */
  fetch?: typeof fetch;
  /** Prepended to the SDK's own `User-Agent`, e.g. `billing-worker/1.4`. */
  userAgent?: string;
  /** The time source for backoff, timeouts and token expiry; tests pass a fake one. */
  clock?: Clock;
}

/** A token you hold yourself, for `CpodClient.fromToken`. */
export interface TokenOptions extends Omit<ClientOptions, "baseUrl" | "clientId" | "clientSecret"> {
  /** Defaults to `CPOD_BASE_URL` where the runtime has an environment. */
  baseUrl?: string;
  /**
   * Called for a new token when the current one is about to expire (80% of its lifetime, read
   * from its `exp` claim) or was refused with 401. Without it, an expired token surfaces as
   * `AuthenticationError`.
   */
  onRefresh?: () => Promise<string>;
}

const positive = (name: string, value: number | undefined, integer: boolean) => {
  if (value === undefined) return;
  if (
    typeof value !== "number" ||
    Number.isNaN(value) ||
    value < 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw new TypeError(
      `CpodClient: ${name} must be a ${integer ? "non-negative integer" : "non-negative number"}`,
    );
  }
};

/**
 * Misuse fails at construction with a `TypeError` naming the option, not at the first call
 * with a network error.
 */
export function validateOptions(options: Partial<ClientOptions>, credentials: "app" | "any"): void {
  if (!options.baseUrl || !URL.canParse(options.baseUrl)) {
    throw new TypeError(
      `CpodClient: baseUrl must be an absolute URL, got ${JSON.stringify(options.baseUrl)}`,
    );
  }
  if (Boolean(options.clientId) !== Boolean(options.clientSecret)) {
    throw new TypeError(`CpodClient: ${options.clientId ? "clientSecret" : "clientId"} is missing`);
  }
  if (credentials === "app" && !options.clientId && !options.adminToken) {
    throw new TypeError(
      "CpodClient: pass clientId and clientSecret (or adminToken for oauth.apps)",
    );
  }
  positive("timeout", options.timeout, false);
  positive("maxRetries", options.maxRetries, true);
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new TypeError("CpodClient: fetch must be a function");
  }
}
