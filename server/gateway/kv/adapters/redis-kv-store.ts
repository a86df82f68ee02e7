import type { Redis } from "ioredis";
import type {
  KvKeyInfo,
  KvKeyPage,
  KvPutOptions,
  KvRecord,
  KvStore,
  KvWriteResult,
} from "../kv-store.js";
import { DELETE, GET, INCR, PUT } from "./redis-kv-scripts.js";

/** Escapes Redis glob metacharacters so a prefix only ever matches literally. */
function globLiteral(text: string): string {
  return text.replace(/[*?[\]\\^]/g, (c) => `\\${c}`);
}

/** PTTL (-1 = no expiry, -2 = gone) as an absolute epoch-millisecond expiry. */
function expiry(pttl: number): number | null {
  return pttl >= 0 ? Date.now() + pttl : null;
}

/**
 * The production KV adapter on Redis (ioredis). Writes are Lua scripts (see
 * `redis-kv-scripts.ts`), so CAS and incr stay exact with many gateway replicas. Listing uses
 * `SCAN MATCH <scope prefix>*` — never `KEYS`, which blocks the server — and sorts the matches
 * itself, because SCAN has no order while the contract promises lexicographic pages. A page
 * therefore costs one pass over the scope's keys; scopes are per tenant/tier/owner, so that
 * stays small, and the hash tag keeps it on one cluster node.
 *
 * The client is owned by the caller (the composition root), so `close` leaves it open.
 *
 * @example
 *   const store = new RedisKvStore(new Redis(process.env.CPOD_REDIS_URL));
 */
export class RedisKvStore implements KvStore {
  constructor(private readonly redis: Redis) {}

  async get(key: string): Promise<KvRecord | null> {
    const r = (await this.redis.eval(GET, 1, key)) as [string, string, number] | null;
    if (!r) return null;
    return { json: r[0], version: Number(r[1]), expiresAt: expiry(Number(r[2])) };
  }

  async put(key: string, json: string, options: KvPutOptions): Promise<KvWriteResult> {
    const ttl = options.ttlMs === undefined ? "" : String(options.ttlMs);
    const ifVersion = options.ifVersion === undefined ? "" : String(options.ifVersion);
    const version = Number(await this.redis.eval(PUT, 1, key, json, ttl, ifVersion));
    if (version < 0) return { ok: false, reason: "stale" };
    const expiresAt = options.ttlMs === undefined ? null : Date.now() + options.ttlMs;
    return { ok: true, record: { json, version, expiresAt } };
  }

  async incr(key: string, by: number) {
    const [ok, value] = (await this.redis.eval(INCR, 1, key, String(by))) as [number, string];
    if (ok === 1) return { ok: true as const, value: Number(value) };
    return { ok: false as const, reason: value as "not_integer" | "out_of_range" };
  }

  async delete(key: string, ifVersion?: number): Promise<boolean> {
    const arg = ifVersion === undefined ? "" : String(ifVersion);
    return Number(await this.redis.eval(DELETE, 1, key, arg)) === 1;
  }

  async list(
    scopePrefix: string,
    prefix: string,
    after: string | null,
    limit: number,
  ): Promise<KvKeyPage> {
    const keys = await this.#scanSmallest(scopePrefix, prefix, after, limit + 1);
    const page = keys.slice(0, limit);
    const pipeline = this.redis.pipeline();
    for (const key of page) pipeline.hget(scopePrefix + key, "ver").pttl(scopePrefix + key);
    const results = (await pipeline.exec()) ?? [];
    const items: KvKeyInfo[] = [];
    page.forEach((key, i) => {
      const version = results[2 * i]?.[1];
      // A key that expired between SCAN and now is simply left out of the page.
      if (typeof version === "string")
        items.push({
          key,
          version: Number(version),
          expiresAt: expiry(Number(results[2 * i + 1]?.[1])),
        });
    });
    return { items, next: keys.length > limit ? (page.at(-1) ?? null) : null };
  }

  /** The `count` smallest keys after `after`, keeping memory bounded while SCAN walks. */
  async #scanSmallest(scopePrefix: string, prefix: string, after: string | null, count: number) {
    const match = `${globLiteral(scopePrefix + prefix)}*`;
    let kept: string[] = [];
    let cursor = "0";
    do {
      const [next, found] = await this.redis.scan(cursor, "MATCH", match, "COUNT", 1000);
      cursor = next;
      for (const full of found) {
        const own = full.slice(scopePrefix.length);
        if (after === null || own > after) kept.push(own);
      }
      if (kept.length > 4 * count) kept = [...new Set(kept)].sort().slice(0, count);
    } while (cursor !== "0");
    // SCAN may return a key twice; dedupe before paging.
    return [...new Set(kept)].sort();
  }

  async close(): Promise<void> {}
}
