// The KvStore conformance suite: one function, run against every adapter by
// test/conformance/kv-store.test.ts. It drives the adapter through KvService, because the
// contract (errors, scopes, limits) is what must hold whichever store sits underneath.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KvStore, Scope } from "../../../server/gateway/kv/index.js";
import { KvService } from "../../../server/gateway/kv/index.js";

/** Opens a fresh adapter; `cleanup` gets the tenants the suite used. */
export type OpenKvStore = () => Promise<{
  store: KvStore;
  cleanup: (tenants: string[]) => Promise<void>;
}>;

/** Registers the suite for one adapter under `label`. */
export function kvStoreConformance(label: string, open: OpenKvStore): void {
  describe(label, () => {
    const run = randomUUID().slice(0, 8);
    const tenants = [`ten_a${run}`, `ten_b${run}`];
    const [tenant, other] = tenants as [string, string];
    const scope: Scope = { tenantId: tenant, tier: "private", appId: "app_1" };
    let kv: KvService;
    let opened: Awaited<ReturnType<OpenKvStore>>;
    beforeAll(async () => {
      opened = await open();
      kv = new KvService(opened.store);
    });
    afterAll(() => opened?.cleanup(tenants));

    it("puts, gets and bumps the version on every write", async () => {
      const first = await kv.put(scope, "cart:1", { value: { items: ["a"] } });
      expect(first).toEqual({
        key: "cart:1",
        value: { items: ["a"] },
        version: 1,
        expires_at: null,
      });
      const second = await kv.put(scope, "cart:1", { value: [1, null, "x"] });
      expect(second.version).toBe(2);
      expect(await kv.get(scope, "cart:1")).toEqual(second);
    });

    it("stores every JSON kind as given", async () => {
      for (const value of [null, false, 0, -1.5, "", "s", [], {}]) {
        await kv.put(scope, "kind", { value });
        expect((await kv.get(scope, "kind")).value).toEqual(value);
      }
    });

    it("answers not_found for a missing key and rejects bad keys", async () => {
      await expect(kv.get(scope, "missing")).rejects.toMatchObject({ code: "not_found" });
      for (const key of ["", "a b", "a/b", "a*", "x".repeat(257), "ключ"])
        await expect(kv.get(scope, key)).rejects.toMatchObject({ code: "validation_failed" });
    });

    it("rejects values over 64 KiB serialized with payload_too_large", async () => {
      const big = "x".repeat(64 * 1024);
      await expect(kv.put(scope, "big", { value: big })).rejects.toMatchObject({
        code: "payload_too_large",
      });
      await kv.put(scope, "big", { value: "x".repeat(64 * 1024 - 2) });
    });

    it("compare-and-set: if_version 0 creates once, a stale version is precondition_failed", async () => {
      await kv.put(scope, "cas", { value: 1, if_version: 0 });
      await expect(kv.put(scope, "cas", { value: 2, if_version: 0 })).rejects.toMatchObject({
        code: "precondition_failed",
      });
      expect((await kv.put(scope, "cas", { value: 3, if_version: 1 })).version).toBe(2);
      await expect(kv.put(scope, "cas", { value: 4, if_version: 1 })).rejects.toMatchObject({
        code: "precondition_failed",
      });
    });

    it("rejects out-of-contract ttl_seconds and if_version", async () => {
      for (const body of [
        { ttl_seconds: 0 },
        { ttl_seconds: 1.5 },
        { ttl_seconds: 31_536_001 },
        { if_version: -1 },
      ])
        await expect(kv.put(scope, "v", { value: 1, ...body })).rejects.toMatchObject({
          code: "validation_failed",
        });
    });

    it("ttl_seconds sets expires_at; a put without ttl clears it; the entry expires", async () => {
      const before = Date.now();
      const e = await kv.put(scope, "ttl", { value: 1, ttl_seconds: 100 });
      const at = Date.parse(e.expires_at as string);
      expect(at).toBeGreaterThanOrEqual(before + 99_000);
      expect(Date.parse((await kv.get(scope, "ttl")).expires_at as string)).toBeLessThanOrEqual(
        at + 1000,
      );
      expect((await kv.put(scope, "ttl", { value: 2 })).expires_at).toBeNull();
      expect((await kv.get(scope, "ttl")).expires_at).toBeNull();
      await opened.store.put(`cpod:kv:{${tenant}}:private:app_1:short`, "1", { ttlMs: 30 });
      await new Promise((r) => setTimeout(r, 80));
      await expect(kv.get(scope, "short")).rejects.toMatchObject({ code: "not_found" });
    });

    it("incr: missing counts as 0, keeps a ttl, bumps the version, rejects non-integers", async () => {
      expect(await kv.incr(scope, "n", 5)).toEqual({ value: 5 });
      expect(await kv.incr(scope, "n", -7)).toEqual({ value: -2 });
      expect(await kv.get(scope, "n")).toMatchObject({ value: -2, version: 2 });
      await kv.put(scope, "n2", { value: 10, ttl_seconds: 100 });
      await kv.incr(scope, "n2");
      expect(await kv.get(scope, "n2")).toMatchObject({ value: 11, version: 2 });
      expect((await kv.get(scope, "n2")).expires_at).not.toBeNull();
      for (const value of ["5", 1.5, { a: 1 }, null]) {
        await kv.put(scope, "bad", { value });
        await expect(kv.incr(scope, "bad")).rejects.toMatchObject({ code: "conflict" });
      }
      await kv.put(scope, "max", { value: Number.MAX_SAFE_INTEGER - 1 });
      expect(await kv.incr(scope, "max")).toEqual({ value: Number.MAX_SAFE_INTEGER });
      await expect(kv.incr(scope, "max")).rejects.toMatchObject({ code: "conflict" });
    });

    it("delete: idempotent, and with if_version only at that version", async () => {
      await kv.put(scope, "del", { value: 1 });
      await expect(kv.delete(scope, "del", 7)).rejects.toMatchObject({
        code: "precondition_failed",
      });
      await kv.delete(scope, "del", 1);
      await kv.delete(scope, "del");
      await expect(kv.get(scope, "del")).rejects.toMatchObject({ code: "not_found" });
    });

    it("lists keys by prefix in lexicographic pages", async () => {
      const s: Scope = { ...scope, appId: "app_list" };
      const keys = Array.from({ length: 23 }, (_, i) => `p:${String(i).padStart(2, "0")}`);
      await Promise.all([...keys, "q:1", "p"].map((k) => kv.put(s, k, { value: k })));
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page = await kv.list(s, { prefix: "p:", limit: 5, after });
        expect(page.items.length).toBeLessThanOrEqual(5);
        for (const item of page.items) expect(item).toMatchObject({ version: 1, expires_at: null });
        seen.push(...page.items.map((i) => i.key));
        after = page.next;
      } while (after);
      expect(seen).toEqual(keys);
      expect((await kv.list(s)).items.map((i) => i.key)).toEqual(["p", ...keys, "q:1"]);
      await expect(kv.list(s, { prefix: "*" })).rejects.toMatchObject({
        code: "validation_failed",
      });
    });

    it("keeps tenants, tiers, apps and users apart", async () => {
      await kv.put(scope, "iso", { value: "mine" });
      const others: Scope[] = [
        { ...scope, tenantId: other },
        { ...scope, appId: "app_2" },
        { ...scope, tier: "shared" },
        { ...scope, tier: "user", userId: "usr_1" },
      ];
      for (const s of others) {
        await expect(kv.get(s, "iso")).rejects.toMatchObject({ code: "not_found" });
        expect((await kv.list(s, { prefix: "iso" })).items).toEqual([]);
      }
      await kv.put({ ...scope, tier: "user", userId: "usr_1", appId: "app_9" }, "u", { value: 1 });
      expect((await kv.get({ ...scope, tier: "user", userId: "usr_1" }, "u")).value).toBe(1);
      await expect(kv.get({ ...scope, tier: "user" }, "u")).rejects.toMatchObject({
        code: "validation_failed",
      });
    });

    it("50 parallel increments give the exact count", async () => {
      await Promise.all(Array.from({ length: 50 }, () => kv.incr(scope, "race:incr")));
      expect(await kv.get(scope, "race:incr")).toMatchObject({ value: 50, version: 50 });
    });

    it("50 parallel compare-and-sets on one version: exactly one wins", async () => {
      await kv.put(scope, "race:cas", { value: "start" });
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          kv.put(scope, "race:cas", { value: i, if_version: 1 }),
        ),
      );
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const r of results)
        if (r.status === "rejected")
          expect(r.reason).toMatchObject({ code: "precondition_failed" });
      expect((await kv.get(scope, "race:cas")).version).toBe(2);
    });
  });
}
