import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AuthenticationError, CpodClient, VERSION } from "../../sdk/src/index.js";
import { BASE, FakeClock, fakeFetch, isToken, json, problem, tokenServer } from "./fakes.js";

const ENV = { CPOD_BASE_URL: BASE, CPOD_CLIENT_ID: "app_1", CPOD_CLIENT_SECRET: "cs_1" };

/** An unsigned JWT with the given claims: the SDK only reads `iat`/`exp`, the server verifies. */
const jwt = (claims: Record<string, unknown>) =>
  ["{}", JSON.stringify(claims)].map((part) => Buffer.from(part).toString("base64url")).join(".") +
  ".sig";

describe("construction", () => {
  it.each([
    [{ clientId: "a", clientSecret: "b" }, /baseUrl/],
    [{ baseUrl: "not a url", clientId: "a", clientSecret: "b" }, /baseUrl/],
    [{ baseUrl: BASE, clientId: "a" }, /clientSecret is missing/],
    [{ baseUrl: BASE, clientSecret: "b" }, /clientId is missing/],
    [{ baseUrl: BASE }, /clientId and clientSecret/],
    [{ baseUrl: BASE, clientId: "a", clientSecret: "b", timeout: -1 }, /timeout/],
    [{ baseUrl: BASE, clientId: "a", clientSecret: "b", maxRetries: 1.5 }, /maxRetries/],
  ])("rejects bad options with a TypeError naming them: %o", (options, message) => {
    expect(() => new CpodClient(options as never)).toThrow(TypeError);
    expect(() => new CpodClient(options as never)).toThrow(message);
  });

  it.each(Object.keys(ENV))("fromEnv names a missing %s", (name) => {
    const env: Record<string, string | undefined> = { ...ENV, [name]: undefined };
    expect(() => CpodClient.fromEnv({}, env)).toThrow(
      new TypeError(`CpodClient.fromEnv: ${name} is not set`),
    );
  });

  it("fromEnv builds a working client from the three variables", async () => {
    const tokens = tokenServer();
    const server = fakeFetch((r) => (isToken(r) ? tokens.answer() : json(200, { value: 1 })));
    const client = CpodClient.fromEnv({ fetch: server.fetch }, ENV);
    await client.kv.incr("n");
    expect(server.seen[0]?.headers.get("authorization")).toBe(`Basic ${btoa("app_1:cs_1")}`);
  });

  it("sends the user agent (custom prefix first) through the custom fetch", async () => {
    const tokens = tokenServer();
    const server = fakeFetch((r) => (isToken(r) ? tokens.answer() : json(200, { value: 1 })));
    const client = new CpodClient({
      ...{ baseUrl: BASE, clientId: "a", clientSecret: "b" },
      fetch: server.fetch,
      userAgent: "billing/1.4",
    });
    await client.kv.incr("n");
    expect(server.seen.at(-1)?.headers.get("user-agent")).toMatch(
      new RegExp(`^billing/1\\.4 cpod-sdk-ts/${VERSION} node/v\\d+`),
    );
  });

  it("keeps VERSION equal to the package version", () => {
    const pkg = JSON.parse(
      readFileSync(new URL("../../sdk/package.json", import.meta.url), "utf8"),
    );
    expect(VERSION).toBe(pkg.version);
  });

  it("fromToken uses the token and asks onRefresh at 80% of its lifetime", async () => {
    const clock = new FakeClock();
    const now = clock.now() / 1000;
    let refreshes = 0;
    const server = fakeFetch(() => json(200, { value: 1 }));
    const client = CpodClient.fromToken(jwt({ iat: now, exp: now + 1000 }), {
      baseUrl: BASE,
      fetch: server.fetch,
      clock,
      onRefresh: async () => `${jwt({ iat: now + 800, exp: now + 1800 })}-${++refreshes}`,
    });
    await client.kv.incr("n");
    await clock.advance(799_000);
    await client.kv.incr("n");
    expect(refreshes).toBe(0);
    await clock.advance(2_000);
    await client.kv.incr("n");
    expect(refreshes).toBe(1);
    expect(server.seen.at(-1)?.headers.get("authorization")).toMatch(/-1$/);
  });

  it("fromToken asks onRefresh after a 401 and retries once", async () => {
    let refreshes = 0;
    const server = fakeFetch((r) =>
      r.headers.get("authorization") === "Bearer old"
        ? problem(401, "invalid_token")
        : json(200, { value: 7 }),
    );
    const client = CpodClient.fromToken("old", {
      baseUrl: BASE,
      fetch: server.fetch,
      onRefresh: async () => `new-${++refreshes}`,
    });
    await expect(client.kv.incr("n")).resolves.toBe(7);
    expect(refreshes).toBe(1);
    expect(server.seen.map((r) => r.headers.get("authorization"))).toEqual([
      "Bearer old",
      "Bearer new-1",
    ]);
  });

  it("fromToken without onRefresh surfaces a 401 as AuthenticationError after one attempt", async () => {
    const server = fakeFetch(() => problem(401, "invalid_token"));
    const client = CpodClient.fromToken("old", { baseUrl: BASE, fetch: server.fetch });
    await expect(client.kv.incr("n")).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.seen).toHaveLength(1);
  });

  it("fromToken needs a base URL", () => {
    expect(() => CpodClient.fromToken("t", { baseUrl: "" })).toThrow(TypeError);
  });
});
