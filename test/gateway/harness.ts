import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { gatewayEntities, gatewaySchemaDocument } from "../../gen/routes/gateway.js";
import { openPgClient } from "../../lib/sql/adapters/pg-client.js";
import type { SqlClient } from "../../lib/sql/index.js";
import { SqlEntityStore } from "../../server/gateway/entities/adapters/sql-entity-store.js";
import { entityTypes } from "../../server/gateway/entities/index.js";
import { SidecarClient } from "../../server/gateway/sidecar/sidecar-client.js";
import type { Sidecar } from "../../sidecar/app.js";
import { StaticJwksSource } from "../../sidecar/auth/jwks-source.js";
import type { SidecarConfig } from "../../sidecar/config.js";
import { serveInProcess } from "../../sidecar/in-process/serve.js";
import { formatAddress, type RunningSidecar, startSidecar } from "../../sidecar/start.js";
import { buildTestGateway, type TestGatewayOptions } from "../helpers/gateway-ports.js";
import { TEST_CALLER_CREDENTIAL, testSidecarConfig } from "../helpers/sidecar.js";
import { freshDatabase } from "../helpers/sql-database.js";
import {
  createSigner,
  serveJwks,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TestSigner,
} from "../helpers/tokens.js";

/** Tenants the sidecar knows: two active ones for isolation, one suspended. */
export const TENANTS = [
  { id: "ten_alpha", status: "active", plan: "free" },
  { id: "ten_beta", status: "active", plan: "free" },
  { id: "ten_frozen", status: "suspended", plan: "free" },
];

/**
 * The real sidecar services (a tenants file, a fresh data dir) and a gateway built against them.
 * The SQL stores of both live in a fresh database on the run's embedded PostgreSQL (what each
 * program's own embedded server would hold, without starting one per stack). `startStack`
 * connects the two in this process (no wire); `startWireStack` over HTTP/2, for the wire.
 */
export interface Stack {
  gateway: FastifyInstance;
  /** The built sidecar: its services, for looking into stores (`inProcessClient`). */
  services: Sidecar;
  config: SidecarConfig;
  sql: SqlClient;
  dataDir: string;
  token(tenant: string, opts?: { scopes?: string; app?: string; user?: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * A stack whose sidecar listens on HTTP/2 (port 0) and reads the JWKS from a local server.
 * `restartSidecar` brings the sidecar back on the same port with the same data dir (the audit
 * chain survives).
 */
export interface WireStack extends Stack {
  sidecar: RunningSidecar;
  stopSidecar(): Promise<void>;
  restartSidecar(): Promise<void>;
}

/** What both variants share: the signer, a sidecar config with the tenants file, the gateway. */
interface Parts {
  signer: TestSigner;
  config: SidecarConfig;
  sql: SqlClient;
  dataDir: string;
  build(sidecar: TestGatewayOptions): Promise<FastifyInstance>;
}

async function parts(
  options: TestGatewayOptions,
  sidecarEnv: Record<string, string>,
  signer: TestSigner,
): Promise<Parts> {
  const database = await freshDatabase();
  const config = testSidecarConfig({
    CPOD_POSTGRES_URL: database,
    CORESDK_JWT_ISSUER: TEST_ISSUER,
    CORESDK_JWT_AUDIENCE: TEST_AUDIENCE,
    ...sidecarEnv,
  });
  const tenantsFile = join(config.stores.dataDir, "tenants.json");
  writeFileSync(tenantsFile, JSON.stringify(TENANTS));
  config.tenants.file = tenantsFile;
  const sql = await openPgClient(database, { schema: "gateway", max: 5 });
  const types = entityTypes(gatewayEntities, gatewaySchemaDocument.components.schemas);
  const store = await SqlEntityStore.open(sql, types.values());
  const dataDir = mkdtempSync(join(tmpdir(), "cpod-gateway-"));
  const build = (sidecar: TestGatewayOptions) =>
    buildTestGateway({
      ...sidecar,
      entities: { store, cursorKey: new Uint8Array(32).fill(7) },
      dataDir,
      auditRetryMs: 50,
      ...options,
    });
  return { signer, config, sql, dataDir, build };
}

function stackOf(gateway: FastifyInstance, p: Parts) {
  const { signer } = p;
  return {
    gateway,
    config: p.config,
    sql: p.sql,
    dataDir: p.dataDir,
    token: (tenant: string, opts: { scopes?: string; app?: string; user?: string } = {}) =>
      signer.sign({
        sub: opts.user ?? opts.app ?? "app_main",
        tenant_id: tenant,
        app_id: opts.app ?? "app_main",
        ...(opts.user ? { user_id: opts.user } : {}),
        scope: opts.scopes ?? "entities.read entities.write",
      }),
  };
}

// A generous deadline: a loaded 2-core CI box must not turn into 503s.
const SIDECAR_TIMEOUT_MS = 5_000;

/**
 * The gateway over the real sidecar services in this process (sidecar/in-process): the same
 * caller checks, validation and error mapping as over HTTP/2, the signing keys in memory. For
 * every test that is not about the wire, the JWKS fetch or the sidecar going away.
 */
export async function startStack(
  options: TestGatewayOptions = {},
  beforeReady: (app: FastifyInstance, stack: () => Stack) => void = () => {},
  sidecarEnv: Record<string, string> = {},
): Promise<Stack> {
  const signer = await createSigner();
  const p = await parts(options, sidecarEnv, signer);
  const served = await serveInProcess(p.config, {
    overrides: { jwks: new StaticJwksSource({ keys: [signer.publicJwk] }) },
    credential: TEST_CALLER_CREDENTIAL,
    log: () => {},
  });
  const client = new SidecarClient({
    transport: served.transport,
    hotPath: served.hotPath,
    timeoutMs: options.sidecarTimeoutMs ?? SIDECAR_TIMEOUT_MS,
  });
  const gateway = await p.build({ sidecar: client });
  const stack: Stack = {
    ...stackOf(gateway, p),
    services: served.sidecar,
    async close() {
      await gateway.close();
      await served.close();
      await p.sql.close();
    },
  };
  beforeReady(gateway, () => stack);
  await gateway.ready();
  return stack;
}

/**
 * The gateway over a real sidecar on HTTP/2 (port 0), its signing keys served by a local JWKS
 * server: for the tests about the wire — outages, restarts, deadlines, the sidecar's own metrics.
 */
export async function startWireStack(
  options: TestGatewayOptions = {},
  beforeReady: (app: FastifyInstance, stack: () => WireStack) => void = () => {},
  sidecarEnv: Record<string, string> = {},
): Promise<WireStack> {
  const signer = await createSigner();
  const jwks = await serveJwks([signer.publicJwk]);
  const p = await parts(options, { CORESDK_JWKS_URL: jwks.url, ...sidecarEnv }, signer);
  const { config } = p;
  const log = () => {};
  let sidecar: RunningSidecar | undefined = await startSidecar(config, { log });
  config.listen = { ...sidecar.address };
  const gateway = await p.build({
    sidecarAddress: `http://${formatAddress(sidecar.address)}`,
    sidecarCredential: TEST_CALLER_CREDENTIAL,
    sidecarTimeoutMs: SIDECAR_TIMEOUT_MS,
  });
  const running = () => {
    if (!sidecar) throw new Error("sidecar is stopped");
    return sidecar;
  };
  const stack: WireStack = {
    ...stackOf(gateway, p),
    get sidecar() {
      return running();
    },
    get services() {
      return running().sidecar;
    },
    async stopSidecar() {
      await sidecar?.close(100);
      sidecar = undefined;
    },
    async restartSidecar() {
      sidecar = await startSidecar(config, { log });
    },
    async close() {
      await gateway.close();
      await sidecar?.close(100);
      await p.sql.close();
      await jwks.close();
    },
  };
  beforeReady(gateway, () => stack);
  await gateway.ready();
  return stack;
}

/** `Authorization` header for a token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
