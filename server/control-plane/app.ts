import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { FastifyBaseLogger, FastifyInstance, FastifyServerOptions } from "fastify";
import { controlPlaneRoutes, controlPlaneSchemaDocument } from "../../gen/routes/controlPlane.js";
import { readCallerCredential } from "../../lib/caller-credential.js";
import { openEmbeddedPgClient } from "../../lib/sql/adapters/embedded-pg-client.js";
import { openPgClient } from "../../lib/sql/adapters/pg-client.js";
import type { SqlClient } from "../../lib/sql/index.js";
import type { Tracing } from "../../lib/tracing/start-tracing.js";
import { tracedSql } from "../../lib/tracing/traced-sql.js";
import { untraced } from "../../lib/tracing/untraced.js";
import { createServer, type ServerOptions } from "../shared/http/build-server.js";
import { httpSpans } from "../shared/http/http-spans.js";
import { registerRoutes } from "../shared/http/register-routes.js";
import { type ControlPlaneConfig, DEFAULT_CONFIG } from "./config.js";
import { ConfigError } from "./config-error.js";
import { type ControlPlaneContext, controlPlaneHandlers } from "./handlers.js";
import { adminAuth } from "./http/admin-auth.js";
import { clientAddress, trustedProxies } from "./http/client-address.js";
import { installOAuthRoutes } from "./http/oauth-routes.js";
import { loadOrCreateMasterKey, loadOrCreateSecretFile } from "./keys/master-key.js";
import { startMaintenance } from "./maintenance.js";
import { createServices } from "./services.js";
import { ConnectSidecarClient } from "./sidecar/adapters/connect-sidecar-client.js";
import type { SidecarClient } from "./sidecar/sidecar-client.js";
import { SqlControlPlaneStore } from "./store/adapters/sql-store.js";

/** Options for building the control plane; main.ts fills `config` from the environment. */
export interface ControlPlaneOptions {
  logger?: FastifyServerOptions["logger"];
  onRoute?: ServerOptions["onRoute"];
  /** Settings over DEFAULT_CONFIG (dev); without `dataDir` or `postgresUrl`, pass `sql`. */
  config?: Partial<ControlPlaneConfig>;
  /** A database to use instead of the configured one (tests); the caller closes it. */
  sql?: SqlClient;
  /** A sidecar client instead of the configured one (tests); `null` for none. */
  sidecar?: SidecarClient | null;
  now?: () => Date;
  /** Server spans per request and a span per store call (startTracing); absent, none. */
  tracing?: Tracing | undefined;
}

/**
 * Picks the database: PostgreSQL when a URL is set, else the embedded PostgreSQL under the data
 * dir (shared with the other programs of `cpod dev`, each in its own schema). With neither
 * there is nowhere to keep the data: a config error, not a silent throwaway database (tests
 * pass `sql`; loadControlPlaneConfig always sets a data dir).
 */
async function openSql(config: ControlPlaneConfig): Promise<[SqlClient, string]> {
  const schema = config.postgresSchema;
  if (config.postgresUrl) {
    return [
      await openPgClient(config.postgresUrl, { schema, store: "database" }),
      `postgres (schema ${schema})`,
    ];
  }
  if (!config.dataDir)
    throw new ConfigError("no database: set CPOD_POSTGRES_URL or CPOD_DATA_DIR (the embedded one)");
  const { sql, description } = await openEmbeddedPgClient(config.dataDir, {
    schema,
    store: "database",
  });
  return [sql, `${description}, schema ${schema}`];
}

/** The configured sidecar, with the caller credential it requires; undefined when unset. */
async function sidecarClient(
  config: ControlPlaneConfig,
  tracing: Tracing | undefined,
): Promise<ConnectSidecarClient | undefined> {
  if (!config.sidecarUrl) return undefined;
  const source = config.sidecarCredential;
  const credential = source && (await readCallerCredential(source, (m) => new ConfigError(m)));
  return new ConnectSidecarClient(config.sidecarUrl, 3_000, credential, tracing);
}

/** The admin token: configured, or (dev only) generated once and kept under the data dir. */
async function resolveAdminToken(config: ControlPlaneConfig, log: FastifyBaseLogger) {
  if (config.adminToken) return config.adminToken;
  const make = () => `${randomBytes(32).toString("base64url")}\n`;
  if (!config.dataDir) return make().trim();
  const token = (await loadOrCreateSecretFile(config.dataDir, "admin.token", make)).trim();
  log.warn(`CPOD_ADMIN_TOKEN unset: using the dev token in ${join(config.dataDir, "admin.token")}`);
  return token;
}

/**
 * The control plane, built and not started: storage opened and migrated, the first signing key
 * made if needed, every spec operation registered from gen/. The only place that picks adapters.
 * Closing the app stops the relay and timers and releases what it opened.
 *
 * @example
 *   const app = await buildControlPlane({ config: { issuer: "http://127.0.0.1:8000" } });
 */
export async function buildControlPlane(opts: ControlPlaneOptions = {}): Promise<FastifyInstance> {
  const config: ControlPlaneConfig = { ...DEFAULT_CONFIG, ...opts.config };
  const app = await createServer({
    schemaDocument: controlPlaneSchemaDocument,
    routes: controlPlaneRoutes,
    logger: opts.logger,
    onRoute: opts.onRoute,
  });
  const { tracing } = opts;
  if (tracing) await app.register(httpSpans, { tracing });
  const [opened, storage] = opts.sql ? [opts.sql, "injected"] : await openSql(config);
  // Every store call reaches PostgreSQL through this client: traced, one span per statement.
  const sql = tracing ? tracedSql(opened, tracing.tracer) : opened;
  // Migrations are no request's work: untraced, like the relay's polls and the housekeeping.
  const store = await untraced(() => SqlControlPlaneStore.open(sql, { owned: !opts.sql }));
  const masterKey =
    config.masterKey ??
    (config.dataDir ? await loadOrCreateMasterKey(config.dataDir) : randomBytes(32));
  // The configured client also reads audit for the export; an injected one (tests) only delivers.
  const configured = opts.sidecar === undefined ? await sidecarClient(config, tracing) : undefined;
  const sidecar = opts.sidecar === undefined ? configured : (opts.sidecar ?? undefined);
  const log = (message: string, error?: unknown) => app.log.warn({ err: error }, message);
  const { services, relay, keys, idempotency } = await createServices({
    config,
    store,
    masterKey,
    sidecar: sidecar || undefined,
    auditReader: configured,
    log,
    now: opts.now,
    tracer: tracing?.tracer,
  });
  app.log.info(
    `control plane: storage ${storage}; audit to ${config.sidecarUrl ?? "nowhere (queued)"}; issuer ${config.issuer}`,
  );
  const trusted = trustedProxies(config.trustedProxies);
  app.addHook("onRequest", adminAuth(await resolveAdminToken(config, app.log)));
  app.addHook("onResponse", async (request) => {
    // An admin change just queued its audit record: deliver it now rather than on the next tick.
    const security = (request.routeOptions.config as { security?: { kind: string } }).security;
    if (request.method !== "GET" && security?.kind === "admin") void relay.drain();
  });
  installOAuthRoutes(app);
  const checks = {
    database: () => store.ping(),
    signing_key: async () => void (await keys.signingKey()),
  };
  registerRoutes<ControlPlaneContext>(app, {
    routes: controlPlaneRoutes,
    handlers: controlPlaneHandlers(checks, services),
    context: (request) => ({
      requestId: String(request.id),
      clientAddress: clientAddress(request, trusted),
      authorization: request.headers.authorization,
    }),
  });
  untraced(() => relay.start());
  const stopMaintenance = untraced(() => startMaintenance({ store, keys, idempotency, log }));
  app.addHook("onClose", async () => {
    stopMaintenance();
    relay.stop();
    await relay.drain();
    if (sidecar && opts.sidecar === undefined) await sidecar.close();
    await store.close();
  });
  return app;
}
