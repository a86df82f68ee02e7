import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { gatewayEntities, gatewaySchemaDocument } from "../../gen/routes/gateway.js";
import { openPgliteClient } from "../../lib/sql/adapters/pglite-client.js";
import type { SqlClient } from "../../lib/sql/index.js";
import { SqlEntityStore } from "../../server/gateway/entities/adapters/sql-entity-store.js";
import { entityTypes } from "../../server/gateway/entities/index.js";
import type { SidecarConfig } from "../../sidecar/config.js";
import { formatAddress, type RunningSidecar, startSidecar } from "../../sidecar/start.js";
import { buildTestGateway, type TestGatewayOptions } from "../helpers/gateway-ports.js";
import { TEST_CALLER_CREDENTIAL, testSidecarConfig } from "../helpers/sidecar.js";
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
 * A real sidecar (HTTP/2 on port 0, JWKS served locally, a tenants file) and a gateway built
 * against it over the wire, with entities in an in-memory PGlite. `restartSidecar` brings the
 * sidecar back on the same port with the same data dir (the audit chain survives).
 */
export interface Stack {
  gateway: FastifyInstance;
  sidecar: RunningSidecar;
  config: SidecarConfig;
  sql: SqlClient;
  dataDir: string;
  token(tenant: string, opts?: { scopes?: string; app?: string; user?: string }): Promise<string>;
  stopSidecar(): Promise<void>;
  restartSidecar(): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(
  options: TestGatewayOptions = {},
  beforeReady: (app: FastifyInstance, stack: () => Stack) => void = () => {},
  sidecarEnv: Record<string, string> = {},
): Promise<Stack> {
  const signer: TestSigner = await createSigner();
  const jwks = await serveJwks([signer.publicJwk]);
  const config = testSidecarConfig({
    CORESDK_JWKS_URL: jwks.url,
    CORESDK_JWT_ISSUER: TEST_ISSUER,
    CORESDK_JWT_AUDIENCE: TEST_AUDIENCE,
    ...sidecarEnv,
  });
  const tenantsFile = join(config.stores.dataDir, "tenants.json");
  writeFileSync(tenantsFile, JSON.stringify(TENANTS));
  config.tenants.file = tenantsFile;
  const log = () => {};
  let sidecar: RunningSidecar | undefined = await startSidecar(config, { log });
  config.listen = { ...sidecar.address };
  const sql = await openPgliteClient(undefined, { schema: "gateway" });
  const types = entityTypes(gatewayEntities, gatewaySchemaDocument.components.schemas);
  const store = await SqlEntityStore.open(sql, types.values());
  const dataDir = mkdtempSync(join(tmpdir(), "cpod-gateway-"));
  const gateway = await buildTestGateway({
    sidecarAddress: `http://${formatAddress(sidecar.address)}`,
    sidecarCredential: TEST_CALLER_CREDENTIAL,
    sidecarTimeoutMs: 5_000, // generous: a loaded 2-core CI box must not turn into 503s
    entities: { store, cursorKey: new Uint8Array(32).fill(7) },
    dataDir,
    auditRetryMs: 50,
    ...options,
  });
  const stack: Stack = {
    gateway,
    get sidecar() {
      if (!sidecar) throw new Error("sidecar is stopped");
      return sidecar;
    },
    config,
    sql,
    dataDir,
    token: (tenant, opts = {}) =>
      signer.sign({
        sub: opts.user ?? opts.app ?? "app_main",
        tenant_id: tenant,
        app_id: opts.app ?? "app_main",
        ...(opts.user ? { user_id: opts.user } : {}),
        scope: opts.scopes ?? "entities.read entities.write",
      }),
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
      await sql.close();
      await jwks.close();
    },
  };
  beforeReady(gateway, () => stack);
  await gateway.ready();
  return stack;
}

/** `Authorization` header for a token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
