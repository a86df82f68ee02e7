// Review H4: an `Idempotency-Key` replay of a rotation answered before migration 3 (no
// `activated_at`, no `next_kid` in the recorded body) answers 200 with those backfilled as what
// happened then — the key activated when it was made, no next key — instead of a 500 from the
// response serializer.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "../../lib/sql/index.js";
import { ADMIN, testControlPlane, testDatabases } from "./helpers.js";

describe.each(testDatabases().slice(0, 1))("rotation replay on $name", (db) => {
  let sql: SqlClient;
  let cp: FastifyInstance;
  beforeAll(async () => {
    sql = await db.open();
    cp = await testControlPlane(sql);
  }, 120_000);
  afterAll(async () => {
    await cp?.close();
    await sql?.close();
    await db.cleanup();
  });

  it("replays a rotation recorded in the old shape with activated_at and a null next_kid", async () => {
    const headers = { ...ADMIN, "idempotency-key": "rotate-before-migration-3" };
    const first = await cp.inject({ method: "POST", url: "/v1/keys/rotate", headers });
    expect(first.statusCode).toBe(200);
    // Rewrite the recorded answer as a control plane before migration 3 recorded it.
    await sql.query(
      `UPDATE idempotency_keys SET body = body - 'activated_at' - 'next_kid'
       WHERE scope = 'rotateSigningKey' AND key = 'rotate-before-migration-3'`,
    );
    const replay = await cp.inject({ method: "POST", url: "/v1/keys/rotate", headers });
    expect(replay.statusCode).toBe(200);
    const { activated_at, next_kid, ...rest } = first.json();
    expect(replay.json()).toEqual({
      ...rest,
      activated_at: rest.created_at,
      next_kid: null,
    });
  });
});
