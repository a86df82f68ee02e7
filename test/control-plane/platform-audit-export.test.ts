// Review M6: the `_platform` chain (key rotations, tenant listings, audit exports) can be
// exported like a tenant's, page by page, each record hashing to its record_hash — and reading
// a tenant's chain leaves an `audit.export` record in it (review H3).
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENESIS_HASH, recordHash } from "../../bin/admin/audit/verify-export.js";
import type { SqlClient } from "../../lib/sql/index.js";
import { type RunningSidecar, startSidecar } from "../../sidecar/start.js";
import { TEST_CALLER_CREDENTIAL_SOURCE, testSidecarConfig } from "../helpers/sidecar.js";
import { ADMIN, createApp, freePort, listen, testControlPlane, testDatabases } from "./helpers.js";

type Page = { items: Array<Record<string, unknown>>; next_cursor: string | null };

describe.each(testDatabases().slice(0, 1))("platform audit export on $name", (db) => {
  let sql: SqlClient;
  let sidecar: RunningSidecar;
  let cp: FastifyInstance;

  beforeAll(async () => {
    sql = await db.open();
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    sidecar = await startSidecar(
      testSidecarConfig({
        CORESDK_JWKS_URL: `${issuer}/.well-known/jwks.json`,
        CORESDK_JWT_ISSUER: issuer,
        CORESDK_JWT_AUDIENCE: "cpod-api",
      }),
      { log: () => undefined },
    );
    cp = await testControlPlane(sql, {
      sidecar: undefined,
      config: {
        issuer,
        audience: "cpod-api",
        sidecarUrl: `http://127.0.0.1:${sidecar.address.port}`,
        sidecarCredential: TEST_CALLER_CREDENTIAL_SOURCE,
      },
    });
    await listen(cp, port);
  }, 180_000);
  afterAll(async () => {
    await cp?.close();
    await sidecar?.close(1000);
    await sql?.close();
    await db.cleanup();
  });

  /** Every record of the platform chain, two per page. */
  async function exportAll() {
    const all: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    do {
      const query = `?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const url = `/v1/audit/platform/records${query}`;
      const res = await cp.inject({ method: "GET", url, headers: ADMIN });
      expect(res.statusCode).toBe(200);
      expect(res.headers["cache-control"]).toBe("no-store");
      const page = res.json() as Page;
      all.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    return all;
  }

  async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const value = await probe();
      if (value !== undefined) return value;
      if (attempt > 100) throw new Error("timed out waiting");
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it("exports the platform chain: a rotation and a tenant export, hash-linked", async () => {
    const rotated = await cp.inject({ method: "POST", url: "/v1/keys/rotate", headers: ADMIN });
    expect(rotated.statusCode).toBe(200);
    const app = await createApp(cp);
    const tenantExport = `/v1/tenants/${app.tenant_id}/audit/records`;
    expect((await cp.inject({ method: "GET", url: tenantExport, headers: ADMIN })).statusCode).toBe(
      200,
    );
    const records = await until(async () => {
      const all = await exportAll();
      return all.some((r) => r.action === "audit.export") ? all : undefined;
    });
    expect(records.find((r) => r.action === "keys.rotate")).toMatchObject({
      tenant_id: "_platform",
      resource: { type: "signing_key", id: rotated.json().kid },
    });
    expect(records.find((r) => r.action === "audit.export")).toMatchObject({
      actor: { type: "admin", id: "admin" },
      resource: { type: "audit_chain", id: app.tenant_id },
    });
    let previous = GENESIS_HASH;
    for (const [i, r] of records.entries()) {
      expect(r).toMatchObject({ sequence_id: i + 1, previous_hash: previous });
      expect(recordHash(r)).toBe(r.record_hash);
      previous = r.record_hash as string;
    }
  });

  it("needs the admin token", async () => {
    const res = await cp.inject({ method: "GET", url: "/v1/audit/platform/records" });
    expect(res.statusCode).toBe(401);
  });
});
