import { describe, expect, it } from "vitest";
import { AuthenticationError, CpodClient } from "../../sdk/src/index.js";
import { BASE, FakeClock, fakeFetch, isToken, json, problem, tokenServer } from "./fakes.js";

const kvEntry = { key: "k", value: 1, version: 1, expires_at: null };

function setup(handler?: (r: import("./fakes.js").Seen) => Response | undefined, expiresIn = 3600) {
  const clock = new FakeClock();
  const tokens = tokenServer(expiresIn);
  const server = fakeFetch((r) =>
    isToken(r) ? tokens.answer() : (handler?.(r) ?? json(200, kvEntry)),
  );
  const client = new CpodClient({
    baseUrl: BASE,
    clientId: "app_1",
    clientSecret: "cs_secret",
    fetch: server.fetch,
    clock,
  });
  const ops = () => server.seen.filter((r) => !isToken(r));
  return { clock, tokens, server, client, ops };
}

describe("token lifecycle", () => {
  it("fetches a token on first use with client_secret_basic and a client_credentials form", async () => {
    const { client, server } = setup();
    await client.kv.get("k");
    const [token, op] = server.seen;
    expect(token?.method).toBe("POST");
    expect(token?.headers.get("authorization")).toBe(`Basic ${btoa("app_1:cs_secret")}`);
    expect(token?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({
      grant_type: "client_credentials",
    });
    expect(token?.headers.has("idempotency-key")).toBe(false);
    expect(op?.headers.get("authorization")).toBe("Bearer tok-1");
  });

  it("caches the token and refreshes it at 80% of its lifetime, not before", async () => {
    const { client, clock, tokens, server } = setup();
    await client.kv.get("k");
    await clock.advance(2_879_000);
    await client.kv.get("k");
    expect(tokens.issued).toBe(1);
    await clock.advance(2_000);
    await client.kv.get("k");
    expect(tokens.issued).toBe(2);
    expect(server.seen.at(-1)?.headers.get("authorization")).toBe("Bearer tok-2");
  });

  it("sends exactly one token request for 100 concurrent calls", async () => {
    const { client, tokens, ops } = setup();
    await Promise.all(Array.from({ length: 100 }, () => client.kv.get("k")));
    expect(tokens.issued).toBe(1);
    expect(ops()).toHaveLength(100);
  });

  it("on a 401 refreshes once and retries once", async () => {
    let refused = 0;
    const { client, tokens, ops } = setup((r) => {
      if (r.headers.get("authorization") !== "Bearer tok-1") return undefined;
      refused += 1;
      return problem(401, "invalid_token");
    });
    await expect(client.kv.get("k")).resolves.toMatchObject({ key: "k" });
    expect(refused).toBe(1);
    expect(tokens.issued).toBe(2);
    expect(ops().map((r) => r.headers.get("authorization"))).toEqual([
      "Bearer tok-1",
      "Bearer tok-2",
    ]);
  });

  it("gives up with AuthenticationError when the refreshed token is refused too", async () => {
    const { client, tokens, ops } = setup(() => problem(401, "invalid_token"));
    const error = await client.kv.get("k").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "invalid_token", requestId: "req_1" });
    expect(tokens.issued).toBe(2);
    expect(ops()).toHaveLength(2);
  });

  it("surfaces a refused client as AuthenticationError without sending the operation", async () => {
    const clock = new FakeClock();
    const server = fakeFetch((r) =>
      isToken(r)
        ? json(401, { error: "invalid_client", error_description: "bad secret" })
        : json(200, kvEntry),
    );
    const client = new CpodClient({
      baseUrl: BASE,
      clientId: "a",
      clientSecret: "b",
      fetch: server.fetch,
      clock,
    });
    const error = await clock.run(client.kv.get("k").catch((e: unknown) => e));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).detail).toBe("invalid_client: bad secret");
    expect(server.seen.every(isToken)).toBe(true);
  });

  it("wraps an unreachable token endpoint in AuthenticationError with the cause", async () => {
    const clock = new FakeClock();
    const server = fakeFetch((r) =>
      isToken(r) ? problem(503, "unavailable") : json(200, kvEntry),
    );
    const client = new CpodClient({
      baseUrl: BASE,
      clientId: "a",
      clientSecret: "b",
      fetch: server.fetch,
      clock,
    });
    const error = await clock.run(client.kv.get("k").catch((e: unknown) => e));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).cause).toMatchObject({ name: "ServerError", status: 503 });
    expect(server.seen).toHaveLength(3); // the token request is retried like any call
    expect(server.seen.every(isToken)).toBe(true);
  });

  it("cools down after a token-endpoint failure instead of hammering it", async () => {
    let fail = true;
    const clock = new FakeClock();
    const tokens = tokenServer();
    const server = fakeFetch((r) =>
      isToken(r)
        ? fail
          ? json(400, { error: "invalid_scope" })
          : tokens.answer()
        : json(200, kvEntry),
    );
    const client = new CpodClient({
      baseUrl: BASE,
      clientId: "a",
      clientSecret: "b",
      fetch: server.fetch,
      clock,
    });
    await expect(client.kv.get("k")).rejects.toBeInstanceOf(AuthenticationError);
    fail = false;
    await clock.advance(500);
    const during = await client.kv.get("k").catch((e: unknown) => e);
    expect(during).toBeInstanceOf(AuthenticationError);
    expect((during as AuthenticationError).title).toMatch(/cooling down/);
    expect(server.seen.filter(isToken)).toHaveLength(1);
    await clock.advance(600);
    await expect(client.kv.get("k")).resolves.toMatchObject({ key: "k" });
    expect(server.seen.filter(isToken)).toHaveLength(2);
  });

  it("keeps serving a still-valid token when its early refresh fails", async () => {
    let fail = false;
    const clock = new FakeClock();
    const tokens = tokenServer();
    const server = fakeFetch((r) =>
      isToken(r)
        ? fail
          ? json(400, { error: "invalid_grant" })
          : tokens.answer()
        : json(200, kvEntry),
    );
    const client = new CpodClient({
      baseUrl: BASE,
      clientId: "a",
      clientSecret: "b",
      fetch: server.fetch,
      clock,
    });
    await client.kv.get("k");
    fail = true;
    await clock.advance(3_000_000);
    await expect(client.kv.get("k")).resolves.toMatchObject({ key: "k" });
    expect(server.seen.at(-1)?.headers.get("authorization")).toBe("Bearer tok-1");
  });
});
