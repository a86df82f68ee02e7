// Issue #13 item 14, Redis: KV routes and Idempotency-Key claims against a private Redis that is
// killed, paused and brought back, through the real gateway (and sidecar) with the stores the
// composition root opens (openKvStore / openIdempotencyStore and their driver bounds).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openKvStore } from "../../server/gateway/adapters/open-data-stores.js";
import { openIdempotencyStore } from "../../server/gateway/adapters/open-idempotency-store.js";
import { bearer, type Stack, startStack } from "../gateway/harness.js";
import { hasServer, type PrivateServer, privateRedis } from "../helpers/private-server.js";
import { expectRecovers, expectUnavailable, injected } from "./expect-outage.js";

const SCOPES = "kv.read kv.write entities.read entities.write";

describe.skipIf(!hasServer("redis"))("Redis outage (private redis-server)", () => {
  let redis: PrivateServer;
  let stack: Stack;
  let auth: Record<string, string>;
  const closers: (() => Promise<void>)[] = [];
  const kv = (method: "GET" | "PUT", key: string, value?: unknown) =>
    stack.gateway
      .inject({
        method,
        url: `/v1/kv/${key}`,
        headers: auth,
        ...(value === undefined ? {} : { payload: { value } }),
      })
      .then(injected);
  const createPerson = (key: string) =>
    stack.gateway
      .inject({
        method: "POST",
        url: "/v1/entities/people",
        headers: { ...auth, "idempotency-key": key },
        payload: { display_name: "Ada" },
      })
      .then(injected);
  const people = async () =>
    Number((await stack.sql.query<{ n: string }>("SELECT count(*) AS n FROM entities")).rows[0]?.n);

  beforeAll(async () => {
    redis = (await privateRedis({ persist: true })) as PrivateServer;
    closers.push(() => redis.close());
    const [opened, idempotency] = [
      await openKvStore(redis.url),
      await openIdempotencyStore(redis.url),
    ];
    closers.push(opened.close, idempotency.close);
    stack = await startStack({
      data: { kv: opened.store },
      idempotency: idempotency.store,
      readiness: { kv: opened.check, idempotency: idempotency.check } as Record<
        string,
        () => Promise<void>
      >,
    });
    closers.unshift(() => stack.close());
    auth = bearer(await stack.token("ten_alpha", { scopes: SCOPES }));
  }, 60_000);
  afterAll(async () => {
    for (const close of closers) await close().catch(() => {});
  });

  it("KV: Redis killed → PUT and GET answer 503 with Retry-After fast; the failed PUT left the old value; back → works", async () => {
    expect((await kv("PUT", "outage:a", "old")).status).toBe(200);
    await redis.stop();
    await expectUnavailable(() => kv("PUT", "outage:a", "new"), "redis killed, kv put");
    await expectUnavailable(() => kv("GET", "outage:a"), "redis killed, kv get");
    const ready = () => stack.gateway.inject({ method: "GET", url: "/readyz" }).then(injected);
    await expectUnavailable(ready, "redis killed, gateway /readyz");
    expect(JSON.parse((await ready()).body).detail).toBe("Not ready: kv, idempotency");
    await redis.start();
    const back = await expectRecovers(() => kv("GET", "outage:a"), 200);
    expect(JSON.parse(back.body)).toMatchObject({ value: "old", version: 1 });
    expect((await kv("PUT", "outage:a", "newer")).status).toBe(200);
    await expectRecovers(ready, 200);
  });

  it("KV: Redis paused (SIGSTOP) → 503 within the command timeout instead of hanging; resumed → works", async () => {
    expect((await kv("PUT", "outage:b", "old")).status).toBe(200);
    await redis.pause();
    try {
      await expectUnavailable(() => kv("PUT", "outage:b", "new"), "redis paused, kv put");
    } finally {
      redis.resume();
    }
    const back = await expectRecovers(() => kv("GET", "outage:b"), 200);
    // A write that timed out may still have run when the server woke: never half of it.
    expect(["old", "new"]).toContain(JSON.parse(back.body).value);
  });

  it("Idempotency-Key: Redis down → POST answers 503 before the handler runs (nothing created); back → 201", async () => {
    const before = await people();
    await redis.stop();
    await expectUnavailable(() => createPerson("outage-1"), "redis killed, idempotency claim");
    expect(await people()).toBe(before);
    await redis.start();
    await expectRecovers(() => createPerson("outage-1"), 201);
    expect(await people()).toBe(before + 1);
  });
});
