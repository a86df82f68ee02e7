import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  CpodClient,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from "../../sdk/src/index.js";
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter } from "../../sdk/src/retry-policy.js";
import {
  BASE,
  FakeClock,
  fakeFetch,
  hang,
  isToken,
  json,
  problem,
  type Seen,
  tokenServer,
} from "./fakes.js";

const entry = { key: "k", value: 1, version: 1, expires_at: null };

function setup(
  respond: (r: Seen, attempt: number) => Response,
  options: { maxRetries?: number; timeout?: number } = {},
) {
  const clock = new FakeClock();
  const tokens = tokenServer();
  let attempt = 0;
  const server = fakeFetch((r) => (isToken(r) ? tokens.answer() : respond(r, ++attempt)));
  const client = new CpodClient({
    baseUrl: BASE,
    clientId: "a",
    clientSecret: "b",
    fetch: server.fetch,
    clock,
    ...options,
  });
  const ops = () => server.seen.filter((r) => !isToken(r));
  return { clock, client, ops };
}

describe("retries", () => {
  it.each([
    ["408", () => problem(408, "timeout")],
    ["429", () => problem(429, "rate_limited")],
    ["500", () => problem(500, "internal")],
    ["502 without a Problem body", () => new Response("bad gateway", { status: 502 })],
    ["503", () => problem(503, "unavailable")],
  ])("retries %s and then succeeds", async (_name, failure) => {
    const { clock, client, ops } = setup((_r, n) => (n < 3 ? failure() : json(200, entry)));
    await expect(clock.run(client.kv.get("k"))).resolves.toMatchObject({ key: "k" });
    expect(ops()).toHaveLength(3);
  });

  it("retries connection errors and reports the last one as ConnectionError", async () => {
    const { clock, client, ops } = setup(() => {
      throw new TypeError("fetch failed", { cause: new Error("ECONNREFUSED") });
    });
    const error = await clock.run(client.kv.get("k").catch((e: unknown) => e));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ status: 0, code: "unavailable" });
    expect(ops()).toHaveLength(3);
  });

  it.each([
    [400, "validation_failed"],
    [403, "permission_denied"],
    [404, "not_found"],
    [409, "conflict"],
    [412, "precondition_failed"],
    [501, "not_implemented"],
  ])("does not retry %i", async (status, code) => {
    const { clock, client, ops } = setup(() => problem(status, code));
    await expect(clock.run(client.kv.get("k"))).rejects.toMatchObject({ status, code });
    expect(ops()).toHaveLength(1);
  });

  it("makes 3 attempts by default and throws the last error", async () => {
    const { clock, client, ops } = setup(() => problem(503, "unavailable"));
    await expect(clock.run(client.kv.get("k"))).rejects.toBeInstanceOf(ServerError);
    expect(ops()).toHaveLength(3);
  });

  it("honours maxRetries per client and per call", async () => {
    const perClient = setup(() => problem(500, "internal"), { maxRetries: 0 });
    await expect(perClient.clock.run(perClient.client.kv.get("k"))).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(perClient.ops()).toHaveLength(1);
    const perCall = setup(() => problem(500, "internal"), { maxRetries: 0 });
    await expect(
      perCall.clock.run(perCall.client.kv.get("k", { maxRetries: 4 })),
    ).rejects.toBeInstanceOf(ServerError);
    expect(perCall.ops()).toHaveLength(5);
  });

  it("sends one Idempotency-Key per POST, reused by its retries, and none on GET", async () => {
    const { clock, client, ops } = setup((_r, n) =>
      n % 2 === 1 ? problem(503, "unavailable") : json(200, { value: n }),
    );
    await clock.run(client.kv.incr("c"));
    await clock.run(client.kv.incr("c"));
    await clock.run(client.kv.get("k").catch(() => undefined));
    const keys = ops().map((r) => r.headers.get("idempotency-key"));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[2]).not.toBe(keys[0]);
    expect(keys[3]).toBe(keys[2]);
    expect(keys.slice(4)).toEqual([null, null]);
  });

  it("uses a caller-chosen Idempotency-Key", async () => {
    const { clock, client, ops } = setup(() => json(200, { value: 1 }));
    await clock.run(client.kv.incr("c", 1, { idempotencyKey: "order-42" }));
    expect(ops()[0]?.headers.get("idempotency-key")).toBe("order-42");
  });

  it("waits what Retry-After asks, capped at 60 s", async () => {
    const retryAfter = (n: number) => ({ "retry-after": n === 1 ? "2" : "3600" });
    const { clock, client, ops } = setup(
      (_r, n) => problem(429, "rate_limited", {}, retryAfter(n)),
      {
        timeout: 300_000,
      },
    );
    const error = await clock.run(client.kv.get("k").catch((e: unknown) => e));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(3600);
    expect(clock.sleeps.filter((ms) => ms !== 300_000)).toEqual([2_000, 60_000]);
    expect(ops()).toHaveLength(3);
  });

  it("throws the RateLimitError at once when Retry-After outlasts the call's timeout", async () => {
    const { clock, client, ops } = setup(() =>
      problem(429, "rate_limited", {}, { "retry-after": "90" }),
    );
    const started = clock.now();
    const error = await clock.run(client.kv.get("k").catch((e: unknown) => e));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfter: 90, code: "rate_limited" });
    expect(clock.now()).toBe(started);
    expect(ops()).toHaveLength(1);
  });

  it("backs off exponentially with jitter, capped", () => {
    const policy = DEFAULT_RETRY_POLICY;
    expect(backoffDelay(1, undefined, () => 0, policy)).toBe(250);
    expect(backoffDelay(1, undefined, () => 1, policy)).toBe(500);
    expect(backoffDelay(3, undefined, () => 1, policy)).toBe(2_000);
    expect(backoffDelay(10, undefined, () => 1, policy)).toBe(8_000);
    expect(backoffDelay(10, undefined, () => 0, policy)).toBe(4_000);
    expect(backoffDelay(1, 1.5, () => 0, policy)).toBe(1_500);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.UTC(2025, 3, 15, 9, 30);
    const header = (value: string) => new Headers({ "retry-after": value });
    expect(parseRetryAfter(header("7"), now)).toBe(7);
    expect(parseRetryAfter(header(new Date(now + 12_000).toUTCString()), now)).toBe(12);
    expect(parseRetryAfter(header("soon"), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });

  it("an AbortSignal cancels the backoff sleep at once (fake clock never advanced)", async () => {
    const { clock, client } = setup(() => problem(503, "unavailable", {}, { "retry-after": "30" }));
    const controller = new AbortController();
    const call = client.kv.get("k", { signal: controller.signal }).catch((e: unknown) => e);
    await clock.advance(0);
    expect(clock.pending()).toContain(30_000);
    controller.abort();
    const error = await call;
    expect(error).toMatchObject({ name: "AbortError" });
    expect(clock.pending()).toEqual([]);
  });

  it("an abort mid-backoff returns within a few ms of real time", async () => {
    const server = fakeFetch((r) =>
      isToken(r)
        ? tokenServer().answer()
        : problem(503, "unavailable", {}, { "retry-after": "30" }),
    );
    const client = new CpodClient({
      baseUrl: BASE,
      clientId: "a",
      clientSecret: "b",
      fetch: server.fetch,
    });
    const controller = new AbortController();
    const call = client.kv.get("k", { signal: controller.signal }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = performance.now();
    controller.abort();
    expect(await call).toMatchObject({ name: "AbortError" });
    expect(performance.now() - started).toBeLessThan(20);
  });

  it("the call timeout ends a request that hangs, as TimeoutError", async () => {
    const { clock, client, ops } = setup((r) => hang(r) as unknown as Response, { timeout: 5_000 });
    const started = clock.now();
    const error = await clock.run(client.kv.get("k").catch((e: unknown) => e));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: "timeout", status: 0 });
    expect(clock.now() - started).toBe(5_000);
    expect(ops()).toHaveLength(1);
  });

  it("the timeout covers the retries: no backoff starts that would outlast it", async () => {
    const { clock, client, ops } = setup(
      () => problem(503, "unavailable", {}, { "retry-after": "3" }),
      {
        timeout: 5_000,
      },
    );
    const error = await clock.run(client.kv.get("k", { maxRetries: 5 }).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(ServerError);
    expect(clock.sleeps.filter((ms) => ms !== 5_000)).toEqual([3_000]);
    expect(ops()).toHaveLength(2);
  });

  it("does not retry a stream upload (a stream can be read once)", async () => {
    const { clock, client, ops } = setup(() => problem(503, "unavailable"));
    const stream = new Blob(["abc"]).stream();
    await expect(clock.run(client.files.upload("a.txt", stream))).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(ops()).toHaveLength(1);
  });

  it("retries a Buffer upload with the same bytes", async () => {
    const { clock, client, ops } = setup((_r, n) =>
      n === 1 ? problem(503, "unavailable") : json(200, { path: "a.txt", size: 3 }),
    );
    await clock.run(client.files.upload("a.txt", Buffer.from("abc")));
    expect(ops().map((r) => r.body)).toEqual(["abc", "abc"]);
  });

  it("maps a 404 to NotFoundError without retrying", async () => {
    const { clock, client } = setup(() => problem(404, "not_found", { detail: "no key k" }));
    const error = await clock.run(client.kv.get("k").catch((e: unknown) => e));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toBe(
      "404 not_found: not_found: no key k (request req_1)",
    );
  });
});
