import { createCaller } from "./caller.js";
import { clientCredentialsFetcher } from "./client-credentials.js";
import { systemClock } from "./clock.js";
import type { HttpConfig } from "./http.js";
import { jwtLifetime } from "./jwt.js";
import { type ClientOptions, type TokenOptions, validateOptions } from "./options.js";
import { Analytics } from "./resources/analytics.js";
import { Audit } from "./resources/audit.js";
import { createEntities, type Entities } from "./resources/entities.js";
import { Files } from "./resources/files.js";
import { Kv } from "./resources/kv.js";
import { OAuthApps } from "./resources/oauth-apps.js";
import { Secrets } from "./resources/secrets.js";
import { DEFAULT_RETRY_POLICY } from "./retry-policy.js";
import {
  REFRESH_AT,
  RefreshingTokenSource,
  StaticTokenSource,
  type TokenSource,
} from "./token-source.js";
import { VERSION } from "./version.js";

/** How `fromToken` hands its token source to the constructor without widening the public options. */
const APP_TOKENS = Symbol("appTokens");
type InternalOptions = ClientOptions & { [APP_TOKENS]?: TokenSource };

const DEFAULT_TIMEOUT_MS = 60_000;

function environment(): Record<string, string | undefined> {
  const runtime = globalThis as { process?: { env?: Record<string, string | undefined> } };
  return runtime.process?.env ?? {};
}

function userAgent(prefix: string | undefined): string {
  const runtime = globalThis as { process?: { version?: string } };
  const node = runtime.process?.version ? ` node/${runtime.process.version}` : "";
  return `${prefix ? `${prefix} ` : ""}cpod-sdk-ts/${VERSION}${node}`;
}

function missingCredential(which: string): TokenSource {
  const fail = async (): Promise<string> => {
    throw new TypeError(`CpodClient: this call needs ${which}, which the client was not given`);
  };
  return { get: fail, invalidate: () => false };
}

/**
 * The cPod client. It gets and refreshes OAuth tokens, retries what is safe to retry, and
 * turns failures into typed errors; each API is a namespace on it.
 *
 * @example
 *   const client = new CpodClient({ baseUrl: "http://127.0.0.1:8000", clientId, clientSecret });
 *   await client.kv.set("greeting", "hello");
 */
export class CpodClient {
  /** EDM entities, one namespace per type: `people`, `groups`, `technologyAssets`, `softwareLicenses`. */
  readonly entities: Entities;
  /** Key-value store. */
  readonly kv: Kv;
  /** Binary objects. */
  readonly files: Files;
  /** Event ingestion and aggregate queries. */
  readonly analytics: Analytics;
  /** The tenant's audit log. */
  readonly audit: Audit;
  /** Encrypted secrets. */
  readonly secrets: Secrets;
  /** OAuth administration (needs `adminToken`). */
  readonly oauth: { readonly apps: OAuthApps };

  constructor(options: ClientOptions) {
    validateOptions(options, (options as InternalOptions)[APP_TOKENS] ? "any" : "app");
    const config: HttpConfig = {
      baseUrl: options.baseUrl,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      clock: options.clock ?? systemClock,
      random: Math.random,
      timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
      retry: {
        ...DEFAULT_RETRY_POLICY,
        maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
      },
      userAgent: userAgent(options.userAgent),
    };
    const caller = createCaller(config, credentialsOf(config, options as InternalOptions));
    this.entities = createEntities(caller);
    this.kv = new Kv(caller);
    this.files = new Files(caller);
    this.analytics = new Analytics(caller);
    this.audit = new Audit(caller);
    this.secrets = new Secrets(caller);
    this.oauth = Object.freeze({ apps: new OAuthApps(caller) });
  }

  /**
   * A client from `CPOD_BASE_URL`, `CPOD_CLIENT_ID` and `CPOD_CLIENT_SECRET` (and
   * `CPOD_ADMIN_TOKEN` when set), plus any other options. A missing variable throws a
   * `TypeError` naming it. `env` defaults to `process.env` where there is one.
   *
   * @example
   *   const client = CpodClient.fromEnv();
   */
  static fromEnv(
    options: Partial<ClientOptions> = {},
    env: Record<string, string | undefined> = environment(),
  ): CpodClient {
    const read = (name: string) => {
      const value = env[name];
      if (!value) throw new TypeError(`CpodClient.fromEnv: ${name} is not set`);
      return value;
    };
    return new CpodClient({
      ...options,
      baseUrl: read("CPOD_BASE_URL"),
      clientId: read("CPOD_CLIENT_ID"),
      clientSecret: read("CPOD_CLIENT_SECRET"),
      ...(env.CPOD_ADMIN_TOKEN ? { adminToken: env.CPOD_ADMIN_TOKEN } : {}),
    });
  }

  /**
   * A client for a token you already hold (from your own backend, say). With `onRefresh` it
   * asks you for a new one at 80% of the token's lifetime and after a 401.
   *
   * @example
   *   const client = CpodClient.fromToken(token, { baseUrl, onRefresh: () => myBackend.newToken() });
   */
  static fromToken(token: string, options: TokenOptions = {}): CpodClient {
    if (!token) throw new TypeError("CpodClient.fromToken: token is empty");
    const baseUrl = options.baseUrl ?? environment().CPOD_BASE_URL;
    if (!baseUrl) throw new TypeError("CpodClient.fromToken: pass baseUrl (or set CPOD_BASE_URL)");
    const clock = options.clock ?? systemClock;
    const { onRefresh } = options;
    const source: TokenSource = onRefresh
      ? new RefreshingTokenSource(
          clock,
          async () => issued(await onRefresh(), clock.now()),
          cached(token, clock.now()),
        )
      : new StaticTokenSource(token);
    const internal: InternalOptions = { ...options, baseUrl, [APP_TOKENS]: source };
    return new CpodClient(internal);
  }
}

/** Lifetime of a token handed to us: from its claims, else unknown. */
function issued(value: string, nowMs: number): { value: string; lifetimeSeconds?: number } {
  const { exp } = jwtLifetime(value);
  return exp === undefined
    ? { value }
    : { value, lifetimeSeconds: Math.max(0, exp - nowMs / 1000) };
}

function cached(value: string, nowMs: number) {
  const { iat, exp } = jwtLifetime(value);
  if (exp === undefined)
    return { value, refreshAt: Number.POSITIVE_INFINITY, expiresAt: Number.POSITIVE_INFINITY };
  const start = iat === undefined ? nowMs : iat * 1000;
  const expiresAt = exp * 1000;
  return { value, refreshAt: start + (expiresAt - start) * REFRESH_AT, expiresAt };
}

function credentialsOf(config: HttpConfig, options: InternalOptions) {
  const given = options[APP_TOKENS];
  const { clientId, clientSecret, scope, adminToken } = options;
  const app: TokenSource =
    given ??
    (clientId && clientSecret
      ? new RefreshingTokenSource(
          config.clock,
          clientCredentialsFetcher(config, { clientId, clientSecret, scope }),
        )
      : missingCredential("clientId and clientSecret"));
  const admin = adminToken ? new StaticTokenSource(adminToken) : missingCredential("adminToken");
  return { app: () => app, admin: () => admin };
}
