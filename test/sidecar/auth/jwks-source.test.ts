import type { JWK } from "jose";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TokenRejectReason as R } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { RemoteJwksSource, StaticJwksSource } from "../../../sidecar/auth/jwks-source.js";
import { TokenValidator } from "../../../sidecar/auth/token-validator.js";
import { testDenyList } from "./deny-lists.js";
import { AUDIENCE, ISSUER, LEEWAY, NOW_MS, privateJwk, rsaKey, tokenFrom } from "./tokens.js";

const JWKS_URL = "http://127.0.0.1:8080/.well-known/jwks.json";
const COOLDOWN_MS = 5_000;
const PRIVATE = ["d", "p", "q", "dp", "dq", "qi"];

const k1 = rsaKey("k1");
const k2 = rsaKey("k2");

/** A fake control plane: serves `published`, counts requests, no network. */
function controlPlane(initial: JWK[]) {
  const state = { published: initial, status: 200, calls: 0 };
  const fetch = vi.fn(async () => {
    state.calls += 1;
    return Response.json({ keys: state.published }, { status: state.status });
  }) as unknown as typeof globalThis.fetch;
  return { state, fetch };
}

function validatorFor(jwks: RemoteJwksSource) {
  return new TokenValidator({
    issuer: ISSUER,
    audience: AUDIENCE,
    leewaySecs: LEEWAY,
    jwks,
    revocations: testDenyList(() => NOW_MS),
    now: () => NOW_MS,
  });
}

describe("RemoteJwksSource (injected fetch; jose's cache clock faked)", () => {
  // jose times its cache and cooldown with Date.now, so only Date is faked.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW_MS);
  });
  afterEach(() => vi.useRealTimers());

  it("fetches once, then serves from the cache", async () => {
    const cp = controlPlane([k1.jwk]);
    const validator = validatorFor(new RemoteJwksSource({ url: JWKS_URL, fetch: cp.fetch }));
    for (let i = 0; i < 5; i++) expect((await validator.validate(tokenFrom(k1))).valid).toBe(true);
    expect(cp.state.calls).toBe(1);
  });

  it("refetches exactly once for an unknown kid (a key rotated in) after the cooldown", async () => {
    const cp = controlPlane([k1.jwk]);
    const validator = validatorFor(
      new RemoteJwksSource({ url: JWKS_URL, cooldownMs: COOLDOWN_MS, fetch: cp.fetch }),
    );
    await validator.validate(tokenFrom(k1));
    cp.state.published = [k1.jwk, k2.jwk];
    vi.setSystemTime(NOW_MS + COOLDOWN_MS + 1);
    expect((await validator.validate(tokenFrom(k2))).valid).toBe(true);
    expect(cp.state.calls).toBe(2);
  });

  it("lets the cooldown stop a refetch storm of made-up kids", async () => {
    const cp = controlPlane([k1.jwk]);
    const validator = validatorFor(
      new RemoteJwksSource({ url: JWKS_URL, cooldownMs: COOLDOWN_MS, fetch: cp.fetch }),
    );
    vi.setSystemTime(NOW_MS - COOLDOWN_MS - 1); // the first fetch is long enough ago
    await validator.validate(tokenFrom(k1));
    vi.setSystemTime(NOW_MS);
    const storm = Array.from({ length: 50 }, (_, i) => tokenFrom(rsaKeyLike(k1, `fake-${i}`)));
    const verdicts = await Promise.all(storm.map((t) => validator.validate(t)));
    expect(verdicts.every((v) => !v.valid && v.reason === R.UNKNOWN_KID)).toBe(true);
    expect(cp.state.calls).toBe(2); // the first load + one refetch, however many tokens
    for (const t of storm) await validator.validate(t);
    expect(cp.state.calls).toBe(2);
    vi.setSystemTime(NOW_MS + COOLDOWN_MS + 1);
    await validator.validate(storm[0] as string);
    expect(cp.state.calls).toBe(3); // cooled down: one more, no more
  });

  it("fails closed as unavailable, without the endpoint's text, when the JWKS cannot be fetched", async () => {
    const cp = controlPlane([k1.jwk]);
    cp.state.status = 503;
    const validator = validatorFor(new RemoteJwksSource({ url: JWKS_URL, fetch: cp.fetch }));
    const error = await validator.validate(tokenFrom(k1)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      errorCode: "unavailable",
      rawMessage: "token check unavailable",
    });
  });

  it("drops private members the control plane should never have published", async () => {
    const cp = controlPlane([privateJwk(k1)]);
    const jwks = new RemoteJwksSource({ url: JWKS_URL, fetch: cp.fetch });
    expect((await validatorFor(jwks).validate(tokenFrom(k1))).valid).toBe(true);
    const [key] = await jwks.keys();
    for (const name of PRIVATE) expect(key).not.toHaveProperty(name);
    expect(jwks.fetchedAt?.getTime()).toBe(NOW_MS);
  });

  it("refuses a bad URL at construction (misuse)", () => {
    expect(() => new RemoteJwksSource({ url: "not a url" })).toThrow(TypeError);
  });
});

describe("StaticJwksSource", () => {
  it("lists public members only and swaps keys on replace", async () => {
    const jwks = new StaticJwksSource({ keys: [privateJwk(k1)] });
    const [key] = await jwks.keys();
    for (const name of PRIVATE) expect(key).not.toHaveProperty(name);
    jwks.replace({ keys: [k2.jwk] });
    expect((await jwks.keys()).map((k) => k.kid)).toEqual(["k2"]);
  });
});

/** A test key signed by `key` but announcing another kid (the JWKS does not know it). */
function rsaKeyLike(key: ReturnType<typeof rsaKey>, kid: string) {
  return { ...key, kid };
}
