// One conformance suite for the RevocationList port, run against every adapter: in-process and
// real Redis (CPOD_REDIS_URL from scripts/services.sh). Expiry is real time here, because Redis
// expires keys on its own clock; the one wait is under two seconds.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryRevocationList } from "../../sidecar/auth/adapters/memory-revocation-list.js";
import {
  REVOKED_KEY_PREFIX,
  RedisRevocationList,
} from "../../sidecar/auth/adapters/redis-revocation-list.js";
import type { RevocationList } from "../../sidecar/auth/revocation-list.js";
import { serviceUrl } from "../helpers/services.js";

interface Subject {
  list: RevocationList;
  close(): Promise<void>;
}

const redisUrl = serviceUrl("CPOD_REDIS_URL");
const nowSecs = () => Math.floor(Date.now() / 1000);

const adapters: { name: string; skip: boolean; open: (jtis: string[]) => Subject }[] = [
  {
    name: "memory",
    skip: false,
    open: () => ({ list: new MemoryRevocationList(), close: async () => {} }),
  },
  {
    name: "redis (CPOD_REDIS_URL)",
    skip: !redisUrl,
    open: (jtis) => {
      const redis = new Redis(redisUrl as string, { maxRetriesPerRequest: 2 });
      const close = async () => {
        if (jtis.length > 0) await redis.del(...jtis.map((j) => REVOKED_KEY_PREFIX + j));
        await redis.quit();
      };
      return { list: new RedisRevocationList(redis), close };
    },
  },
];

describe.each(adapters)("RevocationList conformance: $name", ({ skip, open }) => {
  const jtis: string[] = [];
  const jti = () => {
    const id = `conf-${randomUUID()}`;
    jtis.push(id);
    return id;
  };
  let subject: Subject;

  beforeAll(() => {
    if (!skip) subject = open(jtis);
  });
  afterAll(() => subject?.close());

  it.skipIf(skip)("does not report a jti that was never revoked", async () => {
    expect(await subject.list.isRevoked(jti())).toBe(false);
  });

  it.skipIf(skip)("reports a revoked jti, and only that one", async () => {
    const [revoked, other] = [jti(), jti()];
    await subject.list.revoke(revoked, nowSecs() + 3600);
    expect(await subject.list.isRevoked(revoked)).toBe(true);
    expect(await subject.list.isRevoked(other)).toBe(false);
  });

  it.skipIf(skip)("is idempotent: revoking twice keeps it revoked", async () => {
    const id = jti();
    await subject.list.revoke(id, nowSecs() + 3600);
    await subject.list.revoke(id, nowSecs() + 3600);
    expect(await subject.list.isRevoked(id)).toBe(true);
  });

  it.skipIf(skip)("stores nothing for a token that has already expired", async () => {
    const id = jti();
    await subject.list.revoke(id, nowSecs() - 10);
    expect(await subject.list.isRevoked(id)).toBe(false);
  });

  it.skipIf(skip)("forgets the jti once the token's exp has passed", async () => {
    const id = jti();
    const exp = nowSecs() + 2; // at least a full second ahead, whatever the fraction now is
    await subject.list.revoke(id, exp);
    expect(await subject.list.isRevoked(id)).toBe(true);
    await sleep(exp * 1000 - Date.now() + 50);
    expect(await subject.list.isRevoked(id)).toBe(false);
  });
});

describe.skipIf(!redisUrl)("RedisRevocationList specifics (CPOD_REDIS_URL)", () => {
  let redis: Redis;
  const id = `conf-${randomUUID()}`;

  beforeAll(() => {
    redis = new Redis(redisUrl as string, { maxRetriesPerRequest: 2 });
  });
  afterAll(async () => {
    await redis.del(REVOKED_KEY_PREFIX + id);
    await redis.quit();
  });

  it("keeps one key under cpod:revoked: that Redis expires at the token's exp (EXAT)", async () => {
    const exp = nowSecs() + 600;
    await new RedisRevocationList(redis).revoke(id, exp);
    expect(await redis.expiretime(`cpod:revoked:${id}`)).toBe(exp);
  });
});

describe("MemoryRevocationList specifics", () => {
  it("evicts expired entries instead of growing without bound", async () => {
    let now = Date.UTC(2030, 0, 1);
    const list = new MemoryRevocationList({ now: () => now });
    for (let i = 0; i < 100; i++) await list.revoke(`old-${i}`, now / 1000 + 60);
    expect(list.size).toBe(100);
    now += 61 * 60_000; // past every exp and past the sweep interval
    await list.revoke("fresh", now / 1000 + 60);
    expect(list.size).toBe(1);
    expect(await list.isRevoked("old-0")).toBe(false);
    expect(await list.isRevoked("fresh")).toBe(true);
  });
});
