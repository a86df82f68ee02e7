// The deny-list replica's rules with an injected clock and an in-process store: expiry and the
// sweep, app entries ("issued at or before"), convergence by polling, and the stale bound per
// fail mode. No timers: each poll is an explicit `sync()`.
import { describe, expect, it } from "vitest";
import { MemoryDenyListStore } from "../../../sidecar/auth/adapters/memory-deny-list-store.js";
import { DenyListReplica } from "../../../sidecar/auth/deny-list-replica.js";
import { SidecarError } from "../../../sidecar/errors/sidecar-error.js";

const T0 = Date.UTC(2030, 0, 1);
const secs = (ms: number) => Math.floor(ms / 1000);

function setup(opts: { failMode?: "open" | "closed"; graceMs?: number } = {}) {
  const clock = { now: T0 };
  const store = new MemoryDenyListStore();
  const logs: string[] = [];
  const replica = (more: { staleAfterMs?: number; batch?: number } = {}) =>
    new DenyListReplica({
      store,
      failMode: opts.failMode ?? "closed",
      graceMs: opts.graceMs ?? 0,
      sweepMs: 60_000,
      now: () => clock.now,
      log: (message) => logs.push(message),
      ...more,
    });
  return { clock, store, logs, replica };
}

const token = (over: Partial<{ jti: string; appId: string; iat: number }> = {}) => ({
  jti: "jti-1",
  appId: "app_1",
  iat: secs(T0) - 60,
  ...over,
});

describe("DenyListReplica", () => {
  it("denies a revoked jti until its exp plus the grace, then forgets it", async () => {
    const { clock, replica } = setup({ graceMs: 30_000 });
    const list = replica();
    await list.sync();
    const exp = secs(T0) + 60;
    expect(await list.revoke({ jti: "jti-1", tenantId: "t", exp })).toBe(false);
    expect(await list.revoke({ jti: "jti-1", tenantId: "t", exp })).toBe(true); // already
    expect(list.isDenied(token())).toBe(true);
    expect(list.isDenied(token({ jti: "jti-2" }))).toBe(false);
    clock.now = exp * 1000 + 29_999; // the validator still accepts the token within the leeway
    await list.sync();
    expect(list.isDenied(token())).toBe(true);
    clock.now = exp * 1000 + 30_000;
    await list.sync();
    expect(list.isDenied(token())).toBe(false);
  });

  it("sweeps expired entries from memory and from the store", async () => {
    const { clock, store, replica } = setup();
    const list = replica();
    await list.sync();
    for (let i = 0; i < 50; i++) {
      await list.revoke({ jti: `old-${i}`, tenantId: "t", exp: secs(T0) + 60 });
    }
    await list.revoke({ jti: "fresh", tenantId: "t", exp: secs(T0) + 7200 });
    expect([list.size, store.size]).toEqual([51, 51]);
    clock.now = T0 + 61 * 60_000; // past every short exp and past the sweep interval
    await list.sync();
    expect([list.size, store.size]).toEqual([1, 1]);
    expect(list.isRevoked("fresh")).toBe(true);
  });

  it("denies an app's tokens issued at or before the deny time, and accepts later ones", async () => {
    const { replica } = setup();
    const list = replica();
    await list.sync();
    const issuedBefore = secs(T0);
    const expiresAt = issuedBefore + 3600;
    expect(await list.revokeApp({ appId: "app_1", tenantId: "t", issuedBefore, expiresAt })).toBe(
      false,
    );
    expect(list.isDenied(token({ iat: issuedBefore - 100 }))).toBe(true);
    expect(list.isDenied(token({ iat: issuedBefore }))).toBe(true);
    expect(list.isDenied(token({ iat: issuedBefore + 1 }))).toBe(false);
    expect(list.isDenied(token({ appId: "app_2", iat: issuedBefore - 100 }))).toBe(false);
    // IsRevoked is about one jti; an app entry does not make every jti "revoked".
    expect(list.isRevoked("jti-1")).toBe(false);
  });

  it("keeps an app entry until every token it covers has expired (plus the grace)", async () => {
    const { clock, replica } = setup({ graceMs: 30_000 });
    const list = replica();
    await list.sync();
    const issuedBefore = secs(T0);
    await list.revokeApp({
      appId: "app_1",
      tenantId: "t",
      issuedBefore,
      expiresAt: issuedBefore + 3600,
    });
    clock.now = (issuedBefore + 3600) * 1000 + 29_000;
    await list.sync();
    expect(list.isDenied(token({ iat: issuedBefore }))).toBe(true);
    clock.now = (issuedBefore + 3600) * 1000 + 30_000;
    await list.sync();
    expect(list.isDenied(token({ iat: issuedBefore }))).toBe(false);
  });

  it("converges: another replica sees an entry on its next poll, and a new one loads all", async () => {
    const { replica } = setup();
    const [a, b] = [replica(), replica()];
    await a.sync();
    await b.sync();
    await a.revoke({ jti: "jti-1", tenantId: "t", exp: secs(T0) + 600 });
    await a.revokeApp({
      appId: "app_9",
      tenantId: "t",
      issuedBefore: secs(T0),
      expiresAt: secs(T0) + 600,
    });
    expect(b.isDenied(token())).toBe(false); // not polled yet
    await b.sync();
    expect(b.isDenied(token())).toBe(true);
    expect(b.isDenied(token({ jti: "x", appId: "app_9" }))).toBe(true);
    const c = replica();
    await c.sync();
    expect(c.isDenied(token())).toBe(true);
    expect(c.isDenied(token({ jti: "x", appId: "app_9" }))).toBe(true);
  });

  it("reads every entry when more than one batch arrived between polls", async () => {
    const { replica } = setup();
    const [writer, reader] = [replica(), replica({ batch: 3 })];
    await reader.sync();
    for (let i = 0; i < 10; i++) {
      await writer.revoke({ jti: `jti-${i}`, tenantId: "t", exp: secs(T0) + 600 });
    }
    await reader.sync();
    for (let i = 0; i < 10; i++) expect(reader.isRevoked(`jti-${i}`)).toBe(true);
  });

  it("writes fail with the store (the caller answers unavailable) and deny nothing new", async () => {
    const { store, replica } = setup();
    const list = replica();
    await list.sync();
    store.failing = true;
    await expect(
      list.revoke({ jti: "jti-1", tenantId: "t", exp: secs(T0) + 60 }),
    ).rejects.toThrow();
    expect(list.isDenied(token())).toBe(false);
  });

  it("closed: keeps answering through a short outage, refuses once stale, recovers on sync", async () => {
    const { clock, store, replica } = setup({ failMode: "closed" });
    const list = replica({ staleAfterMs: 30_000 });
    await list.revoke({ jti: "jti-1", tenantId: "t", exp: secs(T0) + 3600 });
    await list.sync();
    store.failing = true;
    clock.now = T0 + 30_000;
    await expect(list.sync()).rejects.toThrow();
    expect(list.isDenied(token())).toBe(true);
    expect(list.isDenied(token({ jti: "jti-2" }))).toBe(false);
    clock.now = T0 + 30_001;
    expect(() => list.isDenied(token({ jti: "jti-2" }))).toThrow(SidecarError);
    expect(() => list.isDenied(token({ jti: "jti-2" }))).toThrow(
      expect.objectContaining({ errorCode: "unavailable" }),
    );
    store.failing = false;
    await list.sync();
    expect(list.isDenied(token({ jti: "jti-2" }))).toBe(false);
    expect(list.syncAgeMs()).toBe(0);
  });

  it("open: keeps answering from the stale replica, logs it once, still denies what it has", async () => {
    const { clock, store, logs, replica } = setup({ failMode: "open" });
    const list = replica({ staleAfterMs: 30_000 });
    await list.revoke({ jti: "jti-1", tenantId: "t", exp: secs(T0) + 3600 });
    await list.sync();
    store.failing = true;
    clock.now = T0 + 120_000;
    await expect(list.sync()).rejects.toThrow();
    expect(list.isDenied(token())).toBe(true);
    expect(list.isDenied(token({ jti: "jti-2" }))).toBe(false);
    expect(list.isDenied(token({ jti: "jti-3" }))).toBe(false);
    expect(list.syncAgeMs()).toBe(120_000);
    expect(logs.filter((m) => m.includes("stale"))).toHaveLength(1);
    expect(logs.filter((m) => m.includes("sync failed"))).toHaveLength(1);
  });

  it("a replica that never synced is stale: closed refuses, and start() fails with the store", async () => {
    const { store, replica } = setup({ failMode: "closed" });
    const list = replica();
    expect(() => list.isDenied(token())).toThrow(SidecarError);
    store.failing = true;
    await expect(list.start()).rejects.toThrow();
    await list.stop();
  });
});
