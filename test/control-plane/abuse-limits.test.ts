// Unit tests (no network, injected clock) for the pieces that bound client-authentication work:
// the failure limiter, the fair verification scheduler, credential parsing, client addresses.
import type { FastifyRequest } from "fastify";
import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxies } from "../../server/control-plane/http/client-address.js";
import { AdminCursors } from "../../server/control-plane/http/cursor.js";
import { readClientCredentials } from "../../server/control-plane/oauth/client-credentials.js";
import { FailureLimiter } from "../../server/control-plane/oauth/failure-limiter.js";
import { grantScopes } from "../../server/control-plane/oauth/scopes.js";
import { VerificationScheduler } from "../../server/control-plane/oauth/verification-scheduler.js";

describe("FailureLimiter", () => {
  const limits = { perAddress: 3, perClient: 5, windowMs: 60_000 };

  it("counts reserved attempts at once, so a concurrent burst stops at the limit", () => {
    let now = 1_000_000;
    const limiter = new FailureLimiter(limits, () => now);
    const tickets = Array.from({ length: 5 }, () => limiter.reserve("a1", "app"));
    expect(tickets.filter((t) => "retryAfterSecs" in t)).toHaveLength(2);
    expect(limiter.reserve("a1", "app")).toEqual({ retryAfterSecs: 60, limit: "address" });
    now += 30_000;
    expect(limiter.reserve("a1", "app")).toMatchObject({ retryAfterSecs: 30 });
    now += 30_001;
    expect("succeeded" in limiter.reserve("a1", "app")).toBe(true);
  });

  it("withdraws a success and trusts the pair, which then skips the client limit", () => {
    const limiter = new FailureLimiter(limits, () => 0);
    const ok = limiter.reserve("good", "app");
    if (!("succeeded" in ok)) throw new Error("refused");
    ok.succeeded();
    for (let i = 0; i < 5; i++) limiter.reserve(`bad${i}`, "app");
    expect(limiter.reserve("other", "app")).toMatchObject({ limit: "client" });
    expect(limiter.isTrusted("good", "app")).toBe(true);
    expect("succeeded" in limiter.reserve("good", "app")).toBe(true);
  });

  it("forgets the oldest keys beyond maxKeys", () => {
    const limiter = new FailureLimiter({ ...limits, perAddress: 1, maxKeys: 2 }, () => 0);
    limiter.reserve("x", "c1");
    limiter.reserve("y", "c2");
    limiter.reserve("z", "c3");
    expect("succeeded" in limiter.reserve("x", "c4")).toBe(true);
  });
});

describe("VerificationScheduler", () => {
  it("runs at most `concurrency` at a time, priority first, then round-robin by lane", async () => {
    const scheduler = new VerificationScheduler(1);
    const order: string[] = [];
    const gates: (() => void)[] = [];
    const job = (name: string, where: { priority: boolean; lane: string }) =>
      scheduler.run(where, async () => {
        order.push(name);
        await new Promise<void>((resolve) => gates.push(resolve));
      });
    const all = [
      job("a1", { priority: false, lane: "a" }),
      job("a2", { priority: false, lane: "a" }),
      job("a3", { priority: false, lane: "a" }),
      job("b1", { priority: false, lane: "b" }),
      job("p1", { priority: true, lane: "p" }),
    ];
    for (let i = 0; i < all.length; i++) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    await Promise.all(all);
    expect(order).toEqual(["a1", "p1", "a2", "b1", "a3"]);
  });

  it("refuses new work beyond the queue bound with 503", async () => {
    const scheduler = new VerificationScheduler(1, 1);
    const forever = () => new Promise<never>(() => {});
    void scheduler.run({ priority: false, lane: "x" }, forever); // running
    void scheduler.run({ priority: false, lane: "x" }, forever); // queued
    await expect(
      scheduler.run({ priority: false, lane: "y" }, async () => 1),
    ).rejects.toMatchObject({
      code: "unavailable",
    });
  });
});

describe("readClientCredentials", () => {
  const b64 = (s: string) => `Basic ${Buffer.from(s).toString("base64")}`;
  it.each([
    [
      b64("app_1:cs_x"),
      {},
      { clientId: "app_1", clientSecret: "cs_x", method: "client_secret_basic" },
    ],
    [
      b64("app%3A1:s%2Bx+y"),
      {},
      { clientId: "app:1", clientSecret: "s+x y", method: "client_secret_basic" },
    ],
    [
      b64("app_1:cs_x"),
      { client_id: "app_1" },
      { clientId: "app_1", method: "client_secret_basic" },
    ],
    [
      undefined,
      { client_id: "app_1", client_secret: "cs_y" },
      { clientId: "app_1", method: "client_secret_post" },
    ],
  ])("reads %s %j", (header, fields, want) => {
    expect(readClientCredentials(header, fields)).toMatchObject(want);
  });

  it.each([
    [b64("app_1:cs_x"), { client_secret: "cs_x" }, "invalid_request"],
    [b64("app_1:cs_x"), { client_id: "app_2" }, "invalid_request"],
    [b64("no-colon"), {}, "invalid_request"],
    [b64("a:%E0%A4%A"), {}, "invalid_request"],
    ["Bearer x", {}, "invalid_client"],
    [undefined, {}, "invalid_client"],
    [undefined, { client_id: "app_1" }, "invalid_client"],
  ])("refuses %s %j with %s", (header, fields, code) => {
    expect(() => readClientCredentials(header, fields)).toThrow(expect.objectContaining({ code }));
  });
});

describe("grantScopes", () => {
  const declared = ["kv.read", "kv.write", "files.read"];
  it.each([
    [undefined, declared],
    ["kv.write kv.read", ["kv.read", "kv.write"]],
    ["files.read", ["files.read"]],
  ])("grants %s → %j", (requested, want) => {
    expect(grantScopes(requested, declared)).toEqual(want);
  });
  it.each(["secrets.read", "", "kv.read ", "kv.read  kv.write"])("refuses %j", (requested) => {
    expect(() => grantScopes(requested, declared)).toThrow(
      expect.objectContaining({ code: "invalid_scope" }),
    );
  });
});

describe("clientAddress", () => {
  const request = (remoteAddress: string, xff?: string) =>
    ({
      socket: { remoteAddress },
      headers: xff ? { "x-forwarded-for": xff } : {},
    }) as unknown as FastifyRequest;
  const trusted = trustedProxies(["loopback", "10.0.0.0/8"]);
  it.each([
    ["203.0.113.5", "1.2.3.4", "203.0.113.5"],
    ["127.0.0.1", undefined, "127.0.0.1"],
    ["127.0.0.1", "198.51.100.7", "198.51.100.7"],
    ["::ffff:127.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"],
    ["127.0.0.1", "198.51.100.7, 10.1.2.3", "198.51.100.7"],
    ["127.0.0.1", "garbage", "127.0.0.1"],
  ])("peer %s with X-Forwarded-For %s → %s", (peer, xff, want) => {
    expect(clientAddress(request(peer, xff), trusted)).toBe(want);
  });
});

describe("AdminCursors", () => {
  const codec = new AdminCursors(Buffer.alloc(32, 1));
  it("round-trips a position for its own query only", () => {
    const cursor = codec.encode("apps:ten_1", 42);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.decode("apps:ten_1", cursor)).toBe(42);
    expect(() => codec.decode("apps:ten_2", cursor)).toThrow(
      expect.objectContaining({ code: "invalid_cursor" }),
    );
    expect(() => codec.decode("apps:ten_1", `${cursor.slice(0, -2)}AA`)).toThrow();
    expect(codec.decode("tenants", undefined)).toBe(0);
  });
});
