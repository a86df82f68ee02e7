import { isIP } from "node:net";
import { type CallerCredentialSource, callerCredentialSource } from "../lib/caller-credential.js";

const DEFAULT_POLICY_BUNDLE = new URL("../gen/policy/authz.wasm", import.meta.url).pathname;

/** A bad setting: one line naming the variable, printed by main.ts before exiting. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** A host and port parsed from `host:port` or `[v6]:port`. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** The sidecar's settings, all from `CORESDK_*` variables (DESIGN.md §9). */
export interface SidecarConfig {
  listen: ListenAddress;
  metrics: ListenAddress;
  /**
   * `CORESDK_FAIL_MODE`: what a step does when a dependency it needs is down (README, *Fail
   * modes*). Validate: the deny-list is read from memory either way; once its replica has not
   * synced with the database for 30 s, `closed` answers `unavailable` and `open` keeps
   * validating from the stale replica (logged, `coresdk_deny_list_sync_age_seconds`). JWKS and
   * tenants unreachable are `unavailable` in both modes (nothing is accepted unverified).
   * Rate limit: Redis down is `unavailable` under `closed`; `open` admits, marked degraded.
   */
  failMode: "closed" | "open";
  jwt: { jwksUrl?: string; issuer?: string; audience?: string; leewaySecs: number };
  tls?: { certFile: string; keyFile: string; caFile: string };
  /**
   * The platform caller credential every RPC but GetJwks must carry (sidecar/caller/). Undefined
   * only with mTLS and nothing set: then the verified client certificate stands in for it.
   */
  callerCredential?: CallerCredentialSource;
  /** `CPOD_ENV=production`: no data-dir default for the credential; mTLS or a credential. */
  production: boolean;
  stores: StoreConfig;
  /** Where tenants come from: the control plane's admin API, or a JSON file (standalone/dev). */
  tenants: {
    controlPlaneUrl?: string;
    adminToken?: string;
    file?: string;
    /** How long a tenant read from the control plane is reused: the delay of any change. */
    cacheTtlMs: number;
  };
  /** The compiled policy bundle (`opa build -t wasm` output). */
  policyBundle: string;
}

/** Store URLs; an unset URL means the embedded adapter under `dataDir`. */
export interface StoreConfig {
  dataDir: string;
  postgresUrl?: string;
  mongoUrl?: string;
  redisUrl?: string;
  /**
   * `CPOD_MASTER_KEY`, the installation's master key (docs/design.md §9): seals secrets at rest
   * (AES-256-GCM). Unset: `<dataDir>/master.key`, read or created once, shared by the programs.
   */
  masterKey?: string;
  /** Earlier master keys, still able to decrypt while secrets are resealed (comma-separated). */
  previousMasterKeys: string[];
}

/** Parses `host:port`; `[::1]:50051` keeps the brackets out of `host`. */
export function parseAddress(name: string, value: string): ListenAddress {
  const match = value.match(/^\[([^\]]+)\]:(\d{1,5})$/) ?? value.match(/^([^:]+):(\d{1,5})$/);
  const port = Number(match?.[2]);
  if (!match?.[1] || !Number.isInteger(port) || port > 65535) {
    throw new ConfigError(`${name}=${value} is not host:port (IPv6 in brackets, e.g. [::1]:50051)`);
  }
  return { host: match[1], port };
}

/** True for addresses only this host can reach: ::1, 127.0.0.0/8, localhost. */
export function isLoopback(host: string): boolean {
  if (host === "localhost" || host === "::1") return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

function loopbackOnly(name: string, value: string): ListenAddress {
  const address = parseAddress(name, value);
  if (!isLoopback(address.host)) {
    throw new ConfigError(
      `${name}=${value} is not a loopback address; the sidecar only listens on ::1, 127.0.0.0/8 or localhost`,
    );
  }
  return address;
}

function tlsFiles(env: NodeJS.ProcessEnv): SidecarConfig["tls"] {
  const names = ["CORESDK_TLS_CERT_FILE", "CORESDK_TLS_KEY_FILE", "CORESDK_TLS_CA_FILE"] as const;
  const set = names.filter((n) => env[n]);
  if (set.length === 0) return undefined;
  const missing = names.find((n) => !env[n]);
  if (missing)
    throw new ConfigError(
      `${missing} is required when any CORESDK_TLS_*_FILE is set (mTLS needs cert, key and CA)`,
    );
  return {
    certFile: env[names[0]] ?? "",
    keyFile: env[names[1]] ?? "",
    caFile: env[names[2]] ?? "",
  };
}

function leeway(env: NodeJS.ProcessEnv): number {
  const raw = env.CORESDK_JWT_LEEWAY_SECS ?? "30";
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 600) {
    throw new ConfigError(
      `CORESDK_JWT_LEEWAY_SECS=${raw} must be a whole number of seconds from 0 to 600`,
    );
  }
  return value;
}

/**
 * `CORESDK_TENANT_CACHE_TTL_MS`: how stale a tenant (status, plan, limits) may be. The floor
 * keeps a typo from turning every request into a control-plane call; the ceiling keeps a
 * suspension from taking longer than five minutes to bite.
 */
function tenantCacheTtl(env: NodeJS.ProcessEnv): number {
  const raw = env.CORESDK_TENANT_CACHE_TTL_MS ?? "5000";
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 100 || value > 300_000) {
    throw new ConfigError(
      `CORESDK_TENANT_CACHE_TTL_MS=${raw} must be a whole number of milliseconds from 100 to 300000`,
    );
  }
  return value;
}

/**
 * The caller credential setting. With mTLS and nothing set, the client certificate stands in;
 * in production without either the sidecar would believe any local process, so it refuses.
 */
function callerCredential(
  env: NodeJS.ProcessEnv,
  tls: SidecarConfig["tls"],
  production: boolean,
): CallerCredentialSource | undefined {
  const explicit = env.CORESDK_CALLER_CREDENTIAL || env.CORESDK_CALLER_CREDENTIAL_FILE;
  if (tls && !explicit) return undefined;
  const source = callerCredentialSource(env, production, (m) => new ConfigError(m));
  if (!source) {
    throw new ConfigError(
      "CPOD_ENV=production needs mTLS (CORESDK_TLS_CERT_FILE, _KEY_FILE, _CA_FILE) or a caller " +
        "credential (CORESDK_CALLER_CREDENTIAL_FILE or CORESDK_CALLER_CREDENTIAL); without " +
        "either any local process could call the sidecar as any tenant",
    );
  }
  return source;
}

/** Reads and checks every setting; throws ConfigError on the first bad one. */
export function loadSidecarConfig(env: NodeJS.ProcessEnv = process.env): SidecarConfig {
  if (env.CORESDK_CONTROL_PLANE_URL && !env.CPOD_ADMIN_TOKEN) {
    throw new ConfigError(
      "CPOD_ADMIN_TOKEN is required when CORESDK_CONTROL_PLANE_URL is set (tenant lookups use the admin API)",
    );
  }
  const failMode = env.CORESDK_FAIL_MODE ?? "closed";
  if (failMode !== "closed" && failMode !== "open") {
    throw new ConfigError(`CORESDK_FAIL_MODE=${failMode} must be "closed" or "open"`);
  }
  const production = env.CPOD_ENV === "production";
  const tls = tlsFiles(env);
  return {
    listen: loopbackOnly("CORESDK_LISTEN_ADDR", env.CORESDK_LISTEN_ADDR ?? "[::1]:50051"),
    metrics: loopbackOnly("CORESDK_METRICS_ADDR", env.CORESDK_METRICS_ADDR ?? "127.0.0.1:9091"),
    failMode,
    jwt: {
      jwksUrl: env.CORESDK_JWKS_URL,
      issuer: env.CORESDK_JWT_ISSUER,
      audience: env.CORESDK_JWT_AUDIENCE,
      leewaySecs: leeway(env),
    },
    tls,
    callerCredential: callerCredential(env, tls, production),
    production,
    stores: {
      // `||` as the gateway and control plane: CPOD_DATA_DIR="" must not mean the working
      // directory here and .cpod there (two master.key files).
      dataDir: env.CPOD_DATA_DIR || ".cpod",
      postgresUrl: env.CPOD_POSTGRES_URL || undefined,
      mongoUrl: env.CPOD_MONGO_URL || undefined,
      redisUrl: env.CPOD_REDIS_URL || undefined,
      masterKey: env.CPOD_MASTER_KEY || undefined,
      previousMasterKeys: (env.CPOD_MASTER_KEY_PREVIOUS ?? "")
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean),
    },
    tenants: {
      controlPlaneUrl: env.CORESDK_CONTROL_PLANE_URL || undefined,
      adminToken: env.CPOD_ADMIN_TOKEN || undefined,
      file: env.CORESDK_TENANTS_FILE || undefined,
      cacheTtlMs: tenantCacheTtl(env),
    },
    policyBundle: env.CORESDK_POLICY_BUNDLE ?? DEFAULT_POLICY_BUNDLE,
  };
}
