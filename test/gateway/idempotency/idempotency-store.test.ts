// One conformance suite for the IdempotencyStore port, run against the in-process adapter and
// a real Redis (CPOD_REDIS_URL from scripts/services.sh).
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryIdempotencyStore } from "../../../server/gateway/idempotency/adapters/memory-idempotency-store.js";
import { RedisIdempotencyStore } from "../../../server/gateway/idempotency/adapters/redis-idempotency-store.js";
import {
  type IdempotencyStore,
  idempotencyKey,
} from "../../../server/gateway/idempotency/index.js";
import { serviceUrl } from "../../helpers/services.js";

const redisUrl = serviceUrl("CPOD_REDIS_URL");
const response = { status: 201, headers: { "content-type": "application/json" }, body: '{"a":1}' };

function suite(name: string, open: () => { store: IdempotencyStore; close(): Promise<void> }) {
  describe(`IdempotencyStore on ${name}`, () => {
    const caller = { tenantId: "ten_a", appId: "app_a", userId: "u_1" };
    // Each differs from `caller` in exactly one of tenant, app and user: a store (or a key
    // builder) that drops any one of them would replay the caller's response to it.
    const neighbours = [
      ["another tenant", { ...caller, tenantId: "ten_b" }],
      ["another app of the tenant", { ...caller, appId: "app_b" }],
      ["another user of the app", { ...caller, userId: "u_2" }],
      ["the app acting for itself", { ...caller, userId: "" }],
    ] as const;
    const opened = open();
    const store = opened.store;
    afterAll(() => opened.close());
    const key = () => `ten_x:app_x:-:${randomUUID()}`;

    it("claims a new key once; then reports it running, then done with the stored response", async () => {
      const k = key();
      expect(await store.claim(k, "fp1", 5_000)).toEqual({ kind: "claimed" });
      expect(await store.claim(k, "fp2", 5_000)).toEqual({ kind: "running", fingerprint: "fp1" });
      await store.complete(k, "fp1", response, 60_000);
      expect(await store.claim(k, "fp1", 5_000)).toEqual({
        kind: "done",
        fingerprint: "fp1",
        response,
      });
    });

    it("gives exactly one of 50 concurrent claims the key", async () => {
      const k = key();
      const claims = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.claim(k, `fp${i}`, 5_000)),
      );
      expect(claims.filter((c) => c.kind === "claimed")).toHaveLength(1);
      expect(claims.filter((c) => c.kind === "running")).toHaveLength(49);
    });

    it("release frees a running claim but never a stored response", async () => {
      const running = key();
      await store.claim(running, "fp", 5_000);
      await store.release(running);
      expect(await store.claim(running, "fp", 5_000)).toEqual({ kind: "claimed" });
      const done = key();
      await store.claim(done, "fp", 5_000);
      await store.complete(done, "fp", response, 60_000);
      await store.release(done);
      expect((await store.claim(done, "fp", 5_000)).kind).toBe("done");
    });

    it.each(neighbours)("keeps one key of %s apart from the caller's", async (_, other) => {
      const value = randomUUID();
      const mine = idempotencyKey(caller, value);
      expect(await store.claim(mine, "fp", 5_000)).toEqual({ kind: "claimed" });
      await store.complete(mine, "fp", response, 60_000);
      const theirs = idempotencyKey(other, value);
      expect(theirs).not.toBe(mine);
      expect(await store.claim(theirs, "fp", 5_000)).toEqual({ kind: "claimed" });
      expect((await store.claim(mine, "fp", 5_000)).kind).toBe("done");
    });

    it("lets a running claim and a stored response lapse after their TTLs", async () => {
      const running = key();
      await store.claim(running, "fp", 50);
      const done = key();
      await store.claim(done, "fp", 5_000);
      await store.complete(done, "fp", response, 50);
      await new Promise((r) => setTimeout(r, 120));
      expect(await store.claim(running, "fp", 5_000)).toEqual({ kind: "claimed" });
      expect(await store.claim(done, "fp", 5_000)).toEqual({ kind: "claimed" });
    });
  });
}

suite("the in-process store", () => {
  const store = new MemoryIdempotencyStore();
  return { store, close: () => store.close() };
});

describe.skipIf(!redisUrl)("redis (CPOD_REDIS_URL)", () => {
  suite("Redis", () => {
    const redis = new Redis(redisUrl as string);
    const prefix = `cpod:idem:test:${randomUUID()}:`;
    return {
      store: new RedisIdempotencyStore(redis, prefix),
      close: async () => void redis.quit(),
    };
  });
});
