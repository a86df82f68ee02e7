import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { openPgClient } from "../../lib/sql/adapters/pg-client.js";
import type { SqlClient } from "../../lib/sql/index.js";
import { buildControlPlane, type ControlPlaneOptions } from "../../server/control-plane/app.js";
import type { ControlPlaneConfig } from "../../server/control-plane/config.js";
import { serviceUrl } from "../helpers/services.js";
import { openFreshDatabase } from "../helpers/sql-database.js";

/** A valid admin token for tests (≥ 32 characters). */
export const ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";
export const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
export const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** A database the suite owns: a throwaway schema on the shared server, or a fresh embedded one. */
export interface TestDatabase {
  name: string;
  open(): Promise<SqlClient>;
  /** Drops what the suite created (the schema on PostgreSQL). */
  cleanup(): Promise<void>;
}

/**
 * The embedded PostgreSQL (a fresh database per open, in the control plane's schema), and the
 * shared PostgreSQL (skipped locally when CPOD_POSTGRES_URL is unset).
 */
export function testDatabases(): TestDatabase[] {
  const dbs: TestDatabase[] = [
    {
      name: "embedded postgres",
      open: () => openFreshDatabase({ schema: "control_plane" }),
      cleanup: async () => {},
    },
  ];
  const url = serviceUrl("CPOD_POSTGRES_URL");
  if (url) {
    const schema = `cp_test_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    dbs.push({
      name: "postgres",
      open: () => openPgClient(url, { schema, max: 5 }),
      async cleanup() {
        const sql = await openPgClient(url);
        await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await sql.close();
      },
    });
  }
  return dbs;
}

/** A free loopback port (for URLs a server must know before it listens, like the issuer). */
export { freePort } from "../helpers/private-server.js";

/** Options for {@link testControlPlane}. */
export interface TestControlPlaneOptions extends Omit<ControlPlaneOptions, "config"> {
  config?: Partial<ControlPlaneConfig>;
}

/**
 * A control plane on `sql` with a fixed admin token and master key (so several builds on one
 * database open each other's signing keys) and no sidecar unless given.
 */
export function testControlPlane(sql: SqlClient, opts: TestControlPlaneOptions = {}) {
  return buildControlPlane({
    sidecar: null,
    ...opts,
    sql,
    config: { adminToken: ADMIN_TOKEN, masterKey: TEST_MASTER_KEY, ...opts.config },
  });
}

export const TEST_MASTER_KEY = randomBytes(32);

/** The control plane and database of one suite (set once its `beforeAll` ran). */
export interface SuiteControlPlane {
  cp: FastifyInstance;
  sql: SqlClient;
}

/**
 * A {@link testControlPlane} on a database of `db` for the enclosing suite: opened in its
 * `beforeAll`, closed and cleaned up in its `afterAll`. Read `.cp` and `.sql` inside tests.
 *
 * @example
 *   const suite = controlPlaneOn(db);
 *   it("…", async () => expect((await suite.cp.inject({ url: "/healthz" })).statusCode).toBe(200));
 */
export function controlPlaneOn(db: TestDatabase): SuiteControlPlane {
  const suite = {} as SuiteControlPlane;
  beforeAll(async () => {
    suite.sql = await db.open();
    suite.cp = await testControlPlane(suite.sql);
  }, 120_000);
  afterAll(async () => {
    await suite.cp?.close();
    await suite.sql?.close();
    await db.cleanup();
  });
  return suite;
}

/** Listens on a free loopback port; returns the base URL. */
export async function listen(app: FastifyInstance, port = 0): Promise<string> {
  await app.listen({ host: "127.0.0.1", port });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** Creates a tenant and an app through the admin API; returns the app as created (with secret). */
export async function createApp(
  app: FastifyInstance,
  body: { declared_scopes?: string[]; app_type?: "service" | "web"; tenant_id?: string } = {},
) {
  const tenantId =
    body.tenant_id ??
    (
      await app.inject({
        method: "POST",
        url: "/v1/tenants",
        headers: ADMIN,
        payload: { name: "t" },
      })
    ).json().id;
  const res = await app.inject({
    method: "POST",
    url: "/v1/oauth/apps",
    headers: ADMIN,
    payload: {
      tenant_id: tenantId,
      name: "test app",
      declared_scopes: body.declared_scopes ?? ["kv.read", "kv.write"],
      app_type: body.app_type ?? "service",
    },
  });
  if (res.statusCode !== 201) throw new Error(`createApp: ${res.statusCode} ${res.body}`);
  return res.json() as { client_id: string; client_secret: string; tenant_id: string };
}

/** `Authorization: Basic` for client credentials (RFC 6749 §2.3.1). */
export function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;
}

/** The JSON payload of a JWT, unverified (tests inspect claims). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
}

export function headerOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[0] ?? "", "base64url").toString("utf8"));
}

/** A sidecar that records what it is sent, and can be switched off to simulate an outage. */
export class RecordingSidecar {
  readonly messages: import("../../server/control-plane/store/control-plane-store.js").OutboxMessage[] =
    [];
  down = false;

  async deliver(message: (typeof this.messages)[number]): Promise<void> {
    if (this.down) throw new Error("sidecar unreachable");
    this.messages.push(message);
  }

  async close(): Promise<void> {}
}
