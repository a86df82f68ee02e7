import { describe, expect, it } from "vitest";
import { ADMIN, controlPlaneOn, testDatabases } from "./helpers.js";

describe.each(testDatabases().slice(0, 1))("rotation replay on $name", (db) => {
  const suite = controlPlaneOn(db);

  it("replays a rotation recorded in the old shape with activated_at and a null next_kid", async () => {
    const headers = { ...ADMIN, "idempotency-key": "rotate-before-migration-3" };
    const first = await suite.cp.inject({ method: "POST", url: "/v1/keys/rotate", headers });
    expect(first.statusCode).toBe(200);
    // Rewrite the recorded answer as a control plane before migration 3 recorded it.
    await suite.sql.query(
      `UPDATE idempotency_keys SET body = body - 'activated_at' - 'next_kid'
       WHERE scope = 'rotateSigningKey' AND key = 'rotate-before-migration-3'`,
    );
    const replay = await suite.cp.inject({ method: "POST", url: "/v1/keys/rotate", headers });
    expect(replay.statusCode).toBe(200);
    const { activated_at, next_kid, ...rest } = first.json();
    expect(replay.json()).toEqual({
      ...rest,
      activated_at: rest.created_at,
      next_kid: null,
    });
  });
});
