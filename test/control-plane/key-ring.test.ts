// The key ring on both PostgreSQL servers: a published next key exists from the first start on
// (also on a database made before next keys), a rotation activates exactly the key the previous
// one published, concurrent rotations chain one after the other, and an Idempotency-Key replay
// returns the first rotation without rotating again.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, type SqlClient } from "../../lib/sql/index.js";
import { Idempotency } from "../../server/control-plane/idempotency/idempotency.js";
import { generateSigningKey } from "../../server/control-plane/keys/key-material.js";
import { KeyRing } from "../../server/control-plane/keys/key-ring.js";
import { KeySealer } from "../../server/control-plane/keys/key-sealer.js";
import { SigningKeyService } from "../../server/control-plane/keys/signing-key-service.js";
import {
  CONTROL_PLANE_SCHEMA,
  MIGRATIONS,
} from "../../server/control-plane/store/adapters/migrations.js";
import { SqlControlPlaneStore } from "../../server/control-plane/store/adapters/sql-store.js";
import { type SuiteDatabase, suiteDatabases, uniqueSchema } from "../lib/sql/databases.js";
import { TEST_MASTER_KEY } from "./helpers.js";

const sealer = new KeySealer(TEST_MASTER_KEY);
const TTL = 60;

/** A ring as one control-plane instance opens it. */
const ring = async (sql: SqlClient) =>
  KeyRing.open({ store: await SqlControlPlaneStore.open(sql), sealer, tokenTtlSecs: TTL });

const kids = async (r: KeyRing) => (await r.jwks()).map((k) => k.kid);

/** [kid, activated, retiring] of every stored key in activation order, the next key last. */
async function stored(sql: SqlClient): Promise<[string, boolean, boolean][]> {
  const { rows } = await sql.query<{ kid: string; activated: boolean; retiring: boolean }>(
    `SELECT kid, activated_at IS NOT NULL AS activated, retires_at IS NOT NULL AS retiring
     FROM signing_keys ORDER BY activated_at NULLS LAST`,
  );
  return rows.map((r) => [r.kid, r.activated, r.retiring]);
}

describe.each(suiteDatabases())("the signing key ring on $name", ({ open }) => {
  let db: SuiteDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });
  const fresh = async () => {
    db = await open(uniqueSchema("key_ring"));
    return db;
  };

  it("starts a new database with an active key and a published next key, once across instances", async () => {
    const { sql, other } = await fresh();
    const [a, b] = await Promise.all([ring(sql), ring(other)]);
    const [active, next] = await kids(a);
    expect(await kids(b)).toEqual([active, next]);
    expect((await a.signingKey()).kid).toBe(active);
    expect(await stored(sql)).toEqual([
      [active, true, false],
      [next, false, false],
    ]);
  }, 60_000);

  it("gives a database from before next keys a next key at start; its key keeps signing", async () => {
    const { sql, other } = await fresh();
    const beforeNextKeys = { ...CONTROL_PLANE_SCHEMA, migrations: MIGRATIONS.slice(0, 2) };
    expect(await applyMigrations(sql, beforeNextKeys)).toEqual([1, 2]);
    const legacy = await generateSigningKey(sealer, 2048, new Date());
    await sql.query(
      `INSERT INTO signing_keys (kid, created_at, public_jwk, master_key_id, iv, tag, ciphertext)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        legacy.kid,
        legacy.createdAt,
        JSON.stringify(legacy.publicJwk),
        legacy.sealed.keyId,
        Buffer.from(legacy.sealed.iv),
        Buffer.from(legacy.sealed.tag),
        Buffer.from(legacy.sealed.ciphertext),
      ],
    );
    const [a, b] = await Promise.all([ring(sql), ring(other)]);
    expect((await a.signingKey()).kid).toBe(legacy.kid);
    const [active, next] = await kids(a);
    expect(active).toBe(legacy.kid);
    expect(await kids(b)).toEqual([legacy.kid, next]);
    expect(await stored(sql)).toEqual([
      [legacy.kid, true, false],
      [next, false, false],
    ]);
    const rotation = await a.rotate();
    expect(rotation).toMatchObject({ kid: next, previousKid: legacy.kid });
  }, 60_000);

  it("activates the published next key; concurrent rotations chain, one after the other", async () => {
    const { sql, other } = await fresh();
    const [a, b] = await Promise.all([ring(sql), ring(other)]);
    const [first, next] = await kids(a);
    const rotations = await Promise.all([a.rotate(), b.rotate()]);
    const one = rotations.find((r) => r.previousKid === first);
    const two = rotations.find((r) => r !== one);
    expect(one).toMatchObject({ kid: next, previousKid: first });
    expect(two).toMatchObject({ kid: one?.nextKid, previousKid: next });
    await a.reload(); // b may have rotated last: a notices within refreshMs, or now
    expect((await a.signingKey()).kid).toBe(two?.kid);
    expect(await kids(a)).toEqual([two?.kid, two?.nextKid, next, first]);
    expect(await stored(sql)).toEqual([
      [first, true, true],
      [next, true, true],
      [two?.kid, true, false],
      [two?.nextKid, false, false],
    ]);
  }, 60_000);

  it("replays a rotation under the same Idempotency-Key instead of rotating twice", async () => {
    const { sql } = await fresh();
    const store = await SqlControlPlaneStore.open(sql);
    const keys = await KeyRing.open({ store, sealer, tokenTtlSecs: TTL });
    const service = new SigningKeyService({ keys, idempotency: new Idempotency(store) });
    const req = { requestId: "req_1", idempotencyKey: `rot-${randomUUID()}` };
    const first = await service.rotate(req);
    expect(await service.rotate(req)).toEqual(first);
    expect(await kids(keys)).toEqual([first.kid, first.next_kid, first.previous_kid]);
    const again = await service.rotate({ requestId: "req_2" });
    expect(again).toMatchObject({ kid: first.next_kid, previous_kid: first.kid });
  }, 60_000);
});
