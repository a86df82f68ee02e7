import { isIP } from "node:net";
import {
  type CallerCredentialSource,
  callerCredentialSource,
} from "../../lib/caller-credential.js";
import { ConfigError } from "./config-error.js";
import { MIN_ADMIN_TOKEN_LENGTH } from "./http/admin-auth.js";
import { parseMasterKey } from "./keys/master-key.js";
import type { FailureLimits } from "./oauth/failure-limiter.js";

/**
 * The longest access-token lifetime `CPOD_TOKEN_TTL_SECS` allows. An app-level deny entry lives
 * this long, so it outlives every token it covers even if the TTL was changed since they were
 * issued.
 */
export const MAX_TOKEN_TTL_SECS = 86_400;

/** The control plane's settings (DESIGN.md §9: `CPOD_*`, plus `CORESDK_SIDECAR_ADDR`). */
export interface ControlPlaneConfig {
  /** `CPOD_ENV=production` or `NODE_ENV=production`: secrets must be given, never generated. */
  production: boolean;
  /** `CPOD_ADMIN_TOKEN`; unset in dev means one is generated under `dataDir`. */
  adminToken?: string;
  /**
   * `CPOD_DATA_DIR` (default `.cpod`): the embedded PostgreSQL (`postgres/`), dev keys and token.
   * Undefined (tests, which pass their own database) keeps the keys in memory.
   */
  dataDir: string | undefined;
  postgresUrl?: string;
  /** `CPOD_POSTGRES_SCHEMA`: the schema holding the control plane's tables. */
  postgresSchema: string;
  /** `CPOD_MASTER_KEY` (32 bytes); unset in dev means `<dataDir>/master.key`. */
  masterKey?: Buffer;
  /** `CPOD_ISSUER`: the gateway's public URL, the tokens' `iss`. */
  issuer: string;
  /** `CPOD_TOKEN_AUDIENCE`: the tokens' `aud` (the sidecar's `CORESDK_JWT_AUDIENCE`). */
  audience: string;
  tokenTtlSecs: number;
  refreshTokenTtlSecs: number;
  /** `CORESDK_SIDECAR_ADDR`, as a URL; undefined (empty variable) keeps audit records queued. */
  sidecarUrl?: string;
  /**
   * The platform caller credential the sidecar requires (`CORESDK_CALLER_CREDENTIAL` or `_FILE`,
   * else `<CPOD_DATA_DIR>/caller.credential` outside production); unset sends none.
   */
  sidecarCredential?: CallerCredentialSource;
  /** `CPOD_TRUSTED_PROXIES`: peers whose `X-Forwarded-For` is believed. */
  trustedProxies: string[];
  failureLimits: FailureLimits;
  /** Argon2 verifications at a time (`CPOD_ARGON2_CONCURRENCY`). */
  argon2Concurrency: number;
}

/** Defaults: dev mode, keys in memory, no database of its own (tests pass one; main.ts sets a data dir). */
export const DEFAULT_CONFIG: ControlPlaneConfig = {
  production: false,
  dataDir: undefined,
  postgresSchema: "control_plane",
  issuer: "http://127.0.0.1:8000",
  audience: "cpod-api",
  tokenTtlSecs: 3600,
  refreshTokenTtlSecs: 30 * 86_400,
  sidecarUrl: "http://[::1]:50051",
  trustedProxies: ["loopback"],
  failureLimits: { perAddress: 20, perClient: 100, windowMs: 60_000 },
  argon2Concurrency: 2,
};

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name}=${raw} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function issuer(env: Env, production: boolean): string {
  const raw = env.CPOD_ISSUER;
  if (raw === undefined || raw === "") {
    if (production)
      throw new ConfigError(
        "CPOD_ISSUER is required in production (the gateway's public https URL)",
      );
    return DEFAULT_CONFIG.issuer;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`CPOD_ISSUER=${raw} is not a URL`);
  }
  if (
    url.search ||
    url.hash ||
    !/^https?:$/.test(url.protocol) ||
    (production && url.protocol !== "https:")
  ) {
    throw new ConfigError(
      `CPOD_ISSUER=${raw} must be an ${production ? "https" : "http(s)"} URL without query or fragment`,
    );
  }
  return raw.replace(/\/+$/, "");
}

function sidecarUrl(env: Env): string | undefined {
  const raw = env.CORESDK_SIDECAR_ADDR;
  if (raw === undefined) return DEFAULT_CONFIG.sidecarUrl;
  if (raw === "") return undefined;
  const withScheme = /^https?:\/\//.test(raw) ? raw : `http://${raw}`;
  try {
    return new URL(withScheme).toString().replace(/\/$/, "");
  } catch {
    throw new ConfigError(
      `CORESDK_SIDECAR_ADDR=${raw} is not an address (e.g. http://[::1]:50051)`,
    );
  }
}

function adminToken(env: Env, production: boolean): string | undefined {
  const token = env.CPOD_ADMIN_TOKEN || undefined;
  if (token === undefined && production) {
    throw new ConfigError(
      `CPOD_ADMIN_TOKEN is required in production (at least ${MIN_ADMIN_TOKEN_LENGTH} characters)`,
    );
  }
  if (token !== undefined && token.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new ConfigError(`CPOD_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters`);
  }
  return token;
}

function proxies(env: Env): string[] {
  const raw = env.CPOD_TRUSTED_PROXIES;
  if (raw === undefined) return DEFAULT_CONFIG.trustedProxies;
  const entries = raw
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  for (const entry of entries) {
    if (entry !== "loopback" && isIP(entry.split("/")[0] ?? "") === 0) {
      throw new ConfigError(
        `CPOD_TRUSTED_PROXIES: ${entry} is not "loopback", an IP address or a CIDR`,
      );
    }
  }
  return entries;
}

/**
 * Reads and checks every setting from the environment; the first bad one throws a ConfigError
 * naming its variable (main.ts prints it as one line and exits 2). Secrets are never echoed.
 *
 * @example
 *   const config = loadControlPlaneConfig(process.env);
 */
export function loadControlPlaneConfig(env: Env): ControlPlaneConfig {
  const production = env.CPOD_ENV === "production" || env.NODE_ENV === "production";
  const token = adminToken(env, production); // checked first: the setting operators most often miss
  const masterKey = env.CPOD_MASTER_KEY
    ? parseMasterKey(env.CPOD_MASTER_KEY, "CPOD_MASTER_KEY")
    : undefined;
  if (production && !masterKey) {
    throw new ConfigError("CPOD_MASTER_KEY is required in production (32 bytes, base64 or hex)");
  }
  const windowSecs = int(env, "CPOD_TOKEN_FAILURE_WINDOW_SECS", 60, 1, 86_400);
  return {
    production,
    adminToken: token,
    dataDir: env.CPOD_DATA_DIR || ".cpod",
    postgresUrl: env.CPOD_POSTGRES_URL || undefined,
    postgresSchema: schema(env),
    masterKey,
    issuer: issuer(env, production),
    audience: env.CPOD_TOKEN_AUDIENCE || DEFAULT_CONFIG.audience,
    tokenTtlSecs: int(env, "CPOD_TOKEN_TTL_SECS", 3600, 60, MAX_TOKEN_TTL_SECS),
    refreshTokenTtlSecs: int(env, "CPOD_REFRESH_TOKEN_TTL_SECS", 30 * 86_400, 300, 365 * 86_400),
    sidecarUrl: sidecarUrl(env),
    sidecarCredential: callerCredentialSource(env, production, (m) => new ConfigError(m)),
    trustedProxies: proxies(env),
    failureLimits: {
      perAddress: int(env, "CPOD_TOKEN_FAILURES_PER_ADDRESS", 20, 1, 100_000),
      perClient: int(env, "CPOD_TOKEN_FAILURES_PER_CLIENT", 100, 1, 100_000),
      windowMs: windowSecs * 1000,
    },
    argon2Concurrency: int(env, "CPOD_ARGON2_CONCURRENCY", 2, 1, 64),
  };
}

function schema(env: Env): string {
  const raw = env.CPOD_POSTGRES_SCHEMA || DEFAULT_CONFIG.postgresSchema;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) {
    throw new ConfigError(`CPOD_POSTGRES_SCHEMA=${raw} must be a lower-case SQL identifier`);
  }
  return raw;
}
