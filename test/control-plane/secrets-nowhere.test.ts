// After creating and rotating apps, no raw client secret is in the database (every table of the
// schema, and the embedded database's files on disk), in the logs, or in any later response.

import { mkdtempSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "../../lib/sql/index.js";
import { buildControlPlane } from "../../server/control-plane/app.js";
import {
  ADMIN,
  ADMIN_TOKEN,
  basic,
  createApp,
  FORM,
  RecordingSidecar,
  testControlPlane,
  testDatabases,
} from "./helpers.js";

/** Every row of every table in the current schema, as text. */
async function dumpDatabase(sql: SqlClient): Promise<string> {
  const { rows: tables } = await sql.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
  );
  expect(tables.map((t) => t.table_name)).toEqual(
    expect.arrayContaining(["apps", "outbox", "idempotency_keys"]),
  );
  let dump = "";
  for (const { table_name } of tables) {
    const { rows } = await sql.query<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM "${table_name}" t`,
    );
    dump += rows.map((r) => r.row).join("\n");
  }
  return dump;
}

async function filesUnder(dir: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(await readFile(join(entry.parentPath, entry.name)));
  }
  return out;
}

/** Drives apps through create, tokens, rotation; returns every secret ever shown. */
async function exercise(cp: FastifyInstance): Promise<string[]> {
  const secrets: string[] = [];
  for (const app_type of ["service", "web"] as const) {
    const app = await createApp(cp, { app_type });
    secrets.push(app.client_secret);
    const headers = { ...FORM, authorization: basic(app.client_id, app.client_secret) };
    const grant =
      app_type === "web"
        ? "grant_type=client_credentials&user_id=u1"
        : "grant_type=client_credentials";
    expect(
      (await cp.inject({ method: "POST", url: "/v1/oauth/token", headers, payload: grant }))
        .statusCode,
    ).toBe(200);
    await cp.inject({
      method: "POST",
      url: "/v1/oauth/token",
      headers: FORM,
      payload: `grant_type=client_credentials&client_id=${app.client_id}&client_secret=${app.client_secret}`,
    });
    await cp.inject({
      method: "POST",
      url: "/v1/oauth/token",
      headers: FORM,
      payload: `grant_type=client_credentials&client_id=${app.client_id}&client_secret=${app.client_secret}x`,
    });
    const key = { ...ADMIN, "idempotency-key": `rot-${app.client_id}` };
    const rotated = await cp.inject({
      method: "POST",
      url: `/v1/oauth/apps/${app.client_id}/rotate-secret`,
      headers: key,
    });
    secrets.push(rotated.json().client_secret);
    await cp.inject({
      method: "POST",
      url: `/v1/oauth/apps/${app.client_id}/rotate-secret`,
      headers: key,
    });
  }
  return secrets;
}

/** Later responses: reads and token answers that must never echo a secret. */
async function laterResponses(cp: FastifyInstance, clientIds: string[]): Promise<string> {
  const bodies: string[] = [];
  for (const url of [
    "/v1/oauth/apps",
    "/v1/tenants",
    ...clientIds.map((id) => `/v1/oauth/apps/${id}`),
  ]) {
    bodies.push((await cp.inject({ url, headers: ADMIN })).body);
  }
  return bodies.join("\n");
}

describe.each(testDatabases())("raw client secrets appear nowhere ($name)", (db) => {
  let sql: SqlClient;
  let cp: FastifyInstance;
  let log = "";
  const sidecar = new RecordingSidecar();

  beforeAll(async () => {
    sql = await db.open();
    const stream = new Writable({
      write: (chunk, _e, done) => {
        log += chunk.toString();
        done();
      },
    });
    cp = await testControlPlane(sql, { sidecar, logger: { level: "trace", stream } });
  }, 120_000);
  afterAll(async () => {
    await cp?.close();
    await sql?.close();
    await db.cleanup();
  });

  it("not in the database, the logs, the audit records, nor later responses", async () => {
    const secrets = await exercise(cp);
    const ids = (await cp.inject({ url: "/v1/oauth/apps", headers: ADMIN }))
      .json()
      .items.map((a: { client_id: string }) => a.client_id);
    const dump = await dumpDatabase(sql);
    expect(dump).toContain("$argon2id$v=19$m=19456,t=2,p=1$");
    const audit = JSON.stringify(sidecar.messages);
    const later = await laterResponses(cp, ids);
    expect(log.length).toBeGreaterThan(1000);
    for (const secret of secrets) {
      expect(secret).toMatch(/^cs_/);
      for (const [where, text] of <[string, string][]>[
        ["database", dump],
        ["logs", log],
        ["audit", audit],
        ["responses", later],
      ]) {
        expect({ where, found: text.includes(secret) || text.includes(secret.slice(3)) }).toEqual({
          where,
          found: false,
        });
      }
    }
    expect(log).not.toContain(ADMIN_TOKEN);
  });
});

describe("raw client secrets appear nowhere on disk (embedded database)", () => {
  it("are not in any file under CPOD_DATA_DIR", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "cpod-cp-"));
    const cp = await buildControlPlane({
      sidecar: null,
      config: { dataDir, adminToken: ADMIN_TOKEN },
    });
    let secrets: string[];
    try {
      secrets = await exercise(cp);
    } finally {
      await cp.close();
    }
    const files = await filesUnder(dataDir);
    expect(files.length).toBeGreaterThan(10);
    for (const secret of secrets) {
      for (const file of files) expect(file.includes(Buffer.from(secret.slice(3)))).toBe(false);
    }
  }, 120_000);
});
