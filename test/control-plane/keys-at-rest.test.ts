// Signing keys: RSA ≥ 2048 made once at first start (also when instances start together: one
// active key and one published next key), private
// keys sealed with CPOD_MASTER_KEY (AES-256-GCM), a dev master key kept under CPOD_DATA_DIR with
// mode 0600, and a clear refusal to start with the wrong master key.
import { randomBytes } from "node:crypto";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "../../lib/sql/index.js";
import { buildControlPlane } from "../../server/control-plane/app.js";
import { KeySealer, SealError } from "../../server/control-plane/keys/key-sealer.js";
import { ADMIN_TOKEN, TEST_MASTER_KEY, testControlPlane, testDatabases } from "./helpers.js";

describe.each(testDatabases())("signing keys at rest ($name)", (db) => {
  let sql: SqlClient;
  beforeAll(async () => {
    sql = await db.open();
  }, 120_000);
  afterAll(async () => {
    await sql?.close();
    await db.cleanup();
  });

  it("two instances starting at once make exactly one active and one next key, sealed, never in the clear", async () => {
    const apps = await Promise.all([testControlPlane(sql), testControlPlane(sql)]);
    const kids = await Promise.all(
      apps.map(async (a) => (await a.inject({ url: "/.well-known/jwks.json" })).json().keys),
    );
    await Promise.all(apps.map((a) => a.close()));
    expect(kids[0]).toHaveLength(2);
    expect(kids[1]).toEqual(kids[0]);
    const { rows } = await sql.query<{
      kid: string;
      iv: Uint8Array;
      ciphertext: Uint8Array;
      tag: Uint8Array;
      master_key_id: string;
      activated: boolean;
    }>(
      `SELECT kid, iv, tag, ciphertext, master_key_id, activated_at IS NOT NULL AS activated
       FROM signing_keys ORDER BY activated DESC`,
    );
    expect(rows.map((r) => [r.kid, r.activated])).toEqual([
      [kids[0][0].kid, true],
      [kids[0][1].kid, false],
    ]);
    const row = rows[1]; // the next key is sealed the same way as the active one
    if (!row) throw new Error("no key row");
    const dump = JSON.stringify(await sql.query("SELECT row_to_json(k)::text FROM signing_keys k"));
    expect(dump).not.toMatch(/PRIVATE KEY|MII[A-Za-z0-9+/]{20}/);
    expect(Buffer.from(row.ciphertext).toString("latin1")).not.toContain("PRIVATE KEY");
    const sealer = new KeySealer(TEST_MASTER_KEY);
    expect(row.master_key_id).toBe(sealer.keyId);
    const sealed = {
      keyId: row.master_key_id,
      iv: row.iv,
      tag: row.tag,
      ciphertext: row.ciphertext,
    };
    const pem = sealer.open(sealed, `cpod.signing-key:${row.kid}`).toString("utf8");
    expect(pem).toContain("BEGIN PRIVATE KEY");
    expect(() => sealer.open(sealed, "cpod.signing-key:another-kid")).toThrow(SealError);
  }, 120_000);

  it("refuses to start with another master key, naming CPOD_MASTER_KEY", async () => {
    await expect(testControlPlane(sql, { config: { masterKey: randomBytes(32) } })).rejects.toThrow(
      /CPOD_MASTER_KEY/,
    );
  }, 60_000);
});

describe("the dev master key under CPOD_DATA_DIR", () => {
  it("is made once with mode 0600 and reopens the same signing keys after a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "cpod-keys-"));
    const config = { dataDir, adminToken: ADMIN_TOKEN };
    const first = await buildControlPlane({ sidecar: null, config });
    const kids = (await first.inject({ url: "/.well-known/jwks.json" }))
      .json()
      .keys.map((k: { kid: string }) => k.kid);
    await first.close();
    expect(statSync(join(dataDir, "master.key")).mode & 0o777).toBe(0o600);
    const second = await buildControlPlane({ sidecar: null, config });
    const keys = (await second.inject({ url: "/.well-known/jwks.json" })).json().keys;
    await second.close();
    expect(kids).toHaveLength(2); // the active key and the next one
    expect(keys.map((k: { kid: string }) => k.kid)).toEqual(kids);
  }, 120_000);

  it("keeps a generated dev admin token in admin.token (0600) when CPOD_ADMIN_TOKEN is unset", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "cpod-admin-"));
    const cp = await buildControlPlane({ sidecar: null, config: { dataDir } });
    await cp.close();
    const file = join(dataDir, "admin.token");
    expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 120_000);
});
