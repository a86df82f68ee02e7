import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { newCallerCredential } from "../../lib/caller-credential.js";
import { loadOrCreateSecretFile } from "../../lib/master-key.js";
import { startTracing } from "../../lib/tracing/start-tracing.js";
import { buildControlPlane } from "../../server/control-plane/app.js";
import { loadControlPlaneConfig } from "../../server/control-plane/config.js";
import { ConfigError } from "../../server/control-plane/config-error.js";
import { openGatewayPorts } from "../../server/gateway/adapters/open-gateway-ports.js";
import { buildGateway } from "../../server/gateway/app.js";
import { loadGatewayConfig } from "../../server/gateway/config.js";
import { parseHostPort } from "../../server/shared/http/listen.js";
import { loadSidecarConfig } from "../../sidecar/config.js";
import { formatAddress, type RunningSidecar, startSidecar } from "../../sidecar/start.js";
import { type DevCredentials, ensureDevCredentials } from "./dev-credentials.js";
import { freePort } from "./free-port.js";

/** The three programs of `cpod dev`, running in this process. */
export interface DevPlatform {
  gatewayUrl: string;
  controlPlaneUrl: string;
  sidecarAddress: string;
  credentials: DevCredentials;
  /** True on the first run against this data dir (the tenant and app were just made). */
  created: boolean;
  credentialsFile: string;
  /**
   * Reverse start order: the gateway (stops taking requests, flushes its audit queue), the
   * control plane (delivers its queued admin audit records), then the sidecar.
   */
  close(): Promise<void>;
}

type Env = NodeJS.ProcessEnv;
type Logger = (program: string) => FastifyServerOptions["logger"];

/** Where cpod dev kept its PGlite databases before it ran one embedded PostgreSQL server. */
const PGLITE_FOLDERS = ["control-plane-pg", "sidecar-pg", "gateway-entities"];

/**
 * Data an older cpod dev left in PGlite folders is not carried over (dev data; PGlite's files
 * cannot be opened by PostgreSQL): say so once per start instead of letting it vanish silently.
 */
function warnAboutPgliteData(dataDir: string): void {
  const left = PGLITE_FOLDERS.filter((name) => existsSync(join(dataDir, name, "PG_VERSION")));
  if (left.length === 0) return;
  console.warn(
    `cpod dev: ${left.map((name) => join(dataDir, name)).join(", ")} hold data of an older cpod dev (PGlite); ` +
      `it is not read any more (the embedded database is now PostgreSQL under ${join(dataDir, "postgres")}). Delete them when you no longer need them.`,
  );
}

/** `host:port` from a variable, a `:0` port replaced by a free one (see free-port.ts). */
async function address(env: Env, name: string, fallback: string) {
  const parsed = parseHostPort(name, env[name] ?? fallback, (m) => new ConfigError(m));
  return parsed.port === 0 ? { ...parsed, port: await freePort(parsed.host) } : parsed;
}

/** `CPOD_ADMISSION_CONCURRENCY` in `cpod dev` unless set (see startDevPlatform). */
export const DEV_ADMISSION_CONCURRENCY = 8;

const url = (a: { host: string; port: number }) =>
  `http://${a.host.includes(":") ? `[${a.host}]` : a.host}:${a.port}`;

/**
 * Starts the control plane, the sidecar and the gateway in one process, wired to each other
 * exactly as three separate programs would be — over loopback sockets, with the env each reads —
 * so dev mode exercises the production code paths. Stores are the embedded ones unless a
 * `CPOD_*_URL` says otherwise; everything lives under `CPOD_DATA_DIR` (default `./.cpod`).
 * Secrets the programs must share (admin token, master key) are created once under the data dir;
 * the sidecar's caller credential is minted per run and handed only to the in-process clients
 * (unless `CORESDK_CALLER_CREDENTIAL[_FILE]` is set), so no other local process can call it.
 */
export async function startDevPlatform(env: Env, logger: Logger): Promise<DevPlatform> {
  const dataDir = env.CPOD_DATA_DIR || ".cpod";
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  warnAboutPgliteData(dataDir);
  const makeToken = () => `${randomBytes(32).toString("base64url")}\n`;
  const adminToken =
    env.CPOD_ADMIN_TOKEN ||
    (await loadOrCreateSecretFile(dataDir, "admin.token", makeToken)).trim();
  const gatewayAddr = await address(env, "CPOD_GATEWAY_ADDR", "127.0.0.1:8000");
  const cpAddr = await address(env, "CPOD_CONTROL_PLANE_ADDR", "127.0.0.1:8080");
  const gatewayUrl = url(gatewayAddr);
  const controlPlaneUrl = url(cpAddr);
  const issuer = env.CPOD_ISSUER || gatewayUrl;
  const audience = env.CPOD_TOKEN_AUDIENCE || "cpod-api";
  const configured = env.CORESDK_CALLER_CREDENTIAL || env.CORESDK_CALLER_CREDENTIAL_FILE;
  const shared: Env = {
    ...env,
    ...(configured ? {} : { CORESDK_CALLER_CREDENTIAL: newCallerCredential() }),
    CPOD_DATA_DIR: dataDir,
    CPOD_ADMIN_TOKEN: adminToken,
    CPOD_ISSUER: issuer,
    CPOD_TOKEN_AUDIENCE: audience,
    CORESDK_JWKS_URL: env.CORESDK_JWKS_URL || `${controlPlaneUrl}/.well-known/jwks.json`,
    CORESDK_JWT_ISSUER: issuer,
    CORESDK_JWT_AUDIENCE: audience,
    CORESDK_CONTROL_PLANE_URL: controlPlaneUrl,
    CPOD_CONTROL_PLANE_URL: controlPlaneUrl,
    // Presigned file URLs point at the gateway that really runs (a `:0` port included).
    CPOD_PUBLIC_URL: env.CPOD_PUBLIC_URL || gatewayUrl,
    // The sidecar answers admissions on the gateway's own thread here, so every admission in
    // flight is work a newly arrived request waits behind: a few at a time keeps a KV read from
    // queueing behind a burst of writes (BENCHMARKS.md, thread-kv-load). Production's default
    // is far higher: there the sidecar is another process and the bound must cover its hop.
    CPOD_ADMISSION_CONCURRENCY: env.CPOD_ADMISSION_CONCURRENCY || String(DEV_ADMISSION_CONCURRENCY),
  };

  const opened: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const stop of opened.reverse()) await stop().catch(() => undefined);
  };
  try {
    // Each program traces under its own name, as it would alone; each flushes after it closed.
    const tracing = async (name: string) => {
      const started = await startTracing(env, name);
      if (started) opened.push(() => started.shutdown());
      return started;
    };
    const sidecarTracing = await tracing("cpod-sidecar");
    const sidecar: RunningSidecar = await startSidecar(loadSidecarConfig(shared), {
      tracing: sidecarTracing,
    });
    opened.push(() => sidecar.close(5_000));
    const sidecarAddress = `http://${formatAddress(sidecar.address)}`;
    const withSidecar = { ...shared, CORESDK_SIDECAR_ADDR: sidecarAddress };

    const cpTracing = await tracing("cpod-control-plane");
    const controlPlane: FastifyInstance = await buildControlPlane({
      config: loadControlPlaneConfig(withSidecar),
      logger: logger("control-plane"),
      tracing: cpTracing,
    });
    opened.push(() => controlPlane.close());
    await controlPlane.listen(cpAddr);

    const gatewayConfig = loadGatewayConfig(withSidecar);
    const gatewayTracing = await tracing("cpod-gateway");
    const ports = await openGatewayPorts(gatewayConfig, gatewayTracing);
    const server = { logger: logger("gateway"), tracing: gatewayTracing };
    const gateway = await buildGateway(gatewayConfig, ports, server).catch(
      async (error: unknown) => {
        await ports.close();
        throw error;
      },
    );
    opened.push(() => gateway.close()); // closing the gateway closes its ports

    await gateway.listen(gatewayAddr);

    const { credentials, created, path } = await ensureDevCredentials({
      controlPlane,
      adminToken,
      dataDir,
      baseUrl: gatewayUrl,
      controlPlaneUrl,
    });
    return {
      gatewayUrl,
      controlPlaneUrl,
      sidecarAddress,
      credentials,
      created,
      credentialsFile: path,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
