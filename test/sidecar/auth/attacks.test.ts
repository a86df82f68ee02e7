import { constants, sign } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { TokenRejectReason as R } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { StaticJwksSource } from "../../../sidecar/auth/jwks-source.js";
import { MAX_TOKEN_BYTES, TokenValidator } from "../../../sidecar/auth/token-validator.js";
import { SidecarError } from "../../../sidecar/errors/sidecar-error.js";
import { testDenyList } from "./deny-lists.js";
import {
  AUDIENCE,
  forge,
  goodClaims,
  hs256,
  ISSUER,
  LEEWAY,
  NOW,
  NOW_MS,
  rs256,
  rsaKey,
  type Signer,
  tokenFrom,
  unsigned,
} from "./tokens.js";

// Keys made for this run: `good` and `weak` are trusted; `rogue` reuses good's kid with another
// key; `stranger` has a kid the JWKS does not know.
const good = rsaKey("k1");
const weak = rsaKey("weak-1024", 1024);
const rogue = rsaKey("k1");
const stranger = rsaKey("k9");
const REVOKED_JTI = "jti-revoked";

const pss: Signer = (input) =>
  sign("sha256", Buffer.from(input), {
    key: good.privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  });
const publicPem = good.publicKey.export({ type: "spki", format: "pem" });
const header = (alg: string, extra: object = {}) => ({ alg, typ: "JWT", kid: good.kid, ...extra });
const segments = (token: string) => token.split(".") as [string, string, string];

function tampered(): string {
  const [h, , s] = segments(tokenFrom(good));
  const payload = Buffer.from(JSON.stringify(goodClaims({ tenant_id: "tnt_victim" })));
  return `${h}.${payload.toString("base64url")}.${s}`;
}

function oversized(): string {
  const token = tokenFrom(good, { pad: "x".repeat(MAX_TOKEN_BYTES) });
  expect(Buffer.byteLength(token)).toBeGreaterThan(MAX_TOKEN_BYTES);
  return token;
}

const attacks: { given: string; token: () => string; want: R }[] = [
  {
    given: "alg none",
    token: () => forge(header("none"), goodClaims(), unsigned),
    want: R.ALG_NOT_ALLOWED,
  },
  {
    given: "alg NONE",
    token: () => forge(header("NONE"), goodClaims(), unsigned),
    want: R.ALG_NOT_ALLOWED,
  },
  {
    given: "no alg",
    token: () => forge({ kid: good.kid }, goodClaims(), rs256(good.privateKey)),
    want: R.ALG_NOT_ALLOWED,
  },
  {
    given: "HS256 keyed with the RSA public key PEM",
    token: () => forge(header("HS256"), goodClaims(), hs256(publicPem)),
    want: R.ALG_NOT_ALLOWED,
  },
  {
    given: "HS256 keyed with the public JWK bytes",
    token: () => forge(header("HS256"), goodClaims(), hs256(JSON.stringify(good.jwk))),
    want: R.ALG_NOT_ALLOWED,
  },
  {
    given: "HS512 keyed with the modulus",
    token: () => forge(header("HS512"), goodClaims(), hs256(good.jwk.n ?? "")),
    want: R.ALG_NOT_ALLOWED,
  },
  {
    given: "ES256",
    token: () => forge(header("ES256"), goodClaims(), rs256(good.privateKey)),
    want: R.ALG_NOT_ALLOWED,
  },
  {
    given: "PS256 with the trusted key",
    token: () => forge(header("PS256"), goodClaims(), pss),
    want: R.ALG_NOT_ALLOWED,
  },
  {
    given: "RS256 by a key absent from the JWKS, claiming a trusted kid",
    token: () => tokenFrom(rogue),
    want: R.BAD_SIGNATURE,
  },
  { given: "unknown kid", token: () => tokenFrom(stranger), want: R.UNKNOWN_KID },
  { given: "no kid", token: () => tokenFrom(good, {}, { kid: undefined }), want: R.MISSING_KID },
  { given: "empty kid", token: () => tokenFrom(good, {}, { kid: "" }), want: R.MISSING_KID },
  { given: "a 1024-bit RSA key in the JWKS", token: () => tokenFrom(weak), want: R.WEAK_KEY },
  { given: "payload tampered after signing", token: tampered, want: R.BAD_SIGNATURE },
  {
    given: "signature stripped",
    token: () => `${segments(tokenFrom(good)).slice(0, 2).join(".")}.`,
    want: R.BAD_SIGNATURE,
  },
  {
    given: "expired past the leeway",
    token: () => tokenFrom(good, { exp: NOW - LEEWAY - 1 }),
    want: R.EXPIRED,
  },
  {
    given: "exp exactly at the leeway edge",
    token: () => tokenFrom(good, { exp: NOW - LEEWAY }),
    want: R.EXPIRED,
  },
  {
    given: "nbf in the future past the leeway",
    token: () => tokenFrom(good, { nbf: NOW + LEEWAY + 1 }),
    want: R.NOT_YET_VALID,
  },
  {
    given: "iat in the future past the leeway",
    token: () => tokenFrom(good, { iat: NOW + LEEWAY + 1 }),
    want: R.NOT_YET_VALID,
  },
  {
    given: "wrong iss",
    token: () => tokenFrom(good, { iss: "https://evil.test" }),
    want: R.BAD_ISSUER,
  },
  { given: "no iss", token: () => tokenFrom(good, { iss: undefined }), want: R.BAD_ISSUER },
  {
    given: "wrong aud",
    token: () => tokenFrom(good, { aud: "other-service" }),
    want: R.BAD_AUDIENCE,
  },
  {
    given: "aud list without ours",
    token: () => tokenFrom(good, { aud: ["a", "b"] }),
    want: R.BAD_AUDIENCE,
  },
  { given: "no aud", token: () => tokenFrom(good, { aud: undefined }), want: R.BAD_AUDIENCE },
  {
    given: "no tenant_id",
    token: () => tokenFrom(good, { tenant_id: undefined }),
    want: R.MISSING_CLAIM,
  },
  {
    given: "numeric tenant_id",
    token: () => tokenFrom(good, { tenant_id: 42 }),
    want: R.MISSING_CLAIM,
  },
  {
    given: "no app_id",
    token: () => tokenFrom(good, { app_id: undefined }),
    want: R.MISSING_CLAIM,
  },
  { given: "no sub", token: () => tokenFrom(good, { sub: undefined }), want: R.MISSING_CLAIM },
  { given: "no jti", token: () => tokenFrom(good, { jti: undefined }), want: R.MISSING_CLAIM },
  { given: "no exp", token: () => tokenFrom(good, { exp: undefined }), want: R.MISSING_CLAIM },
  {
    given: "string exp",
    token: () => tokenFrom(good, { exp: String(NOW + 60) }),
    want: R.MISSING_CLAIM,
  },
  { given: "no iat", token: () => tokenFrom(good, { iat: undefined }), want: R.MISSING_CLAIM },
  { given: "no scope", token: () => tokenFrom(good, { scope: undefined }), want: R.MISSING_CLAIM },
  {
    given: "scope as an array",
    token: () => tokenFrom(good, { scope: ["kv.read"] }),
    want: R.MISSING_CLAIM,
  },
  { given: "empty user_id", token: () => tokenFrom(good, { user_id: "" }), want: R.MISSING_CLAIM },
  { given: "revoked jti", token: () => tokenFrom(good, { jti: REVOKED_JTI }), want: R.REVOKED },
  { given: "truncated", token: () => tokenFrom(good).slice(0, 60), want: R.MALFORMED },
  { given: "garbage", token: () => "not a jwt at all", want: R.MALFORMED },
  { given: "empty string", token: () => "", want: R.MALFORMED },
  { given: "bad base64url characters", token: () => "eyJ!.eyJ*.abc", want: R.MALFORMED },
  {
    given: "header not JSON",
    token: () => `${Buffer.from("{nope").toString("base64url")}.e30.c2ln`,
    want: R.MALFORMED,
  },
  {
    given: "payload not JSON",
    token: () => `${segments(tokenFrom(good))[0]}.bm9wZQ.c2ln`,
    want: R.MALFORMED,
  },
  {
    given: "payload a JSON array",
    token: () => forge(header("RS256"), [1, 2], rs256(good.privateKey)),
    want: R.MALFORMED,
  },
  { given: "five segments (JWE shape)", token: () => "a.b.c.d.e", want: R.MALFORMED },
  {
    given: "unknown critical header",
    token: () => tokenFrom(good, {}, { crit: ["x-unknown"], "x-unknown": 1 }),
    want: R.MALFORMED,
  },
  { given: "oversized (> 16 KiB)", token: oversized, want: R.TOO_LARGE },
];

describe("TokenValidator against attacks (frozen clock, keys made in the test)", () => {
  const revocations = testDenyList(() => NOW_MS);
  const validator = new TokenValidator({
    issuer: ISSUER,
    audience: AUDIENCE,
    leewaySecs: LEEWAY,
    jwks: new StaticJwksSource({ keys: [good.jwk, weak.jwk] }),
    revocations,
    now: () => NOW_MS,
  });

  beforeAll(() => revocations.revoke({ jti: REVOKED_JTI, tenantId: "tnt_1", exp: NOW + 3600 }));

  it.each(attacks)("rejects $given as $want", async ({ token, want }) => {
    const verdict = await validator.validate(token());
    // Exactly these two members: a code, and no message, stack or cause to leak.
    expect(verdict).toStrictEqual({ valid: false, reason: want });
    expect(R[want]).toBeDefined();
  });

  it("accepts a valid token with the right claims", async () => {
    const claims = goodClaims();
    const [h, p] = [{ alg: "RS256", typ: "JWT", kid: good.kid }, claims];
    const verdict = await validator.validate(forge(h, p, rs256(good.privateKey)));
    expect(verdict.valid).toBe(true);
    if (!verdict.valid) return;
    expect(verdict.claims).toMatchObject({
      tenantId: "tnt_1",
      appId: "app_1",
      userId: "user_1",
      sub: "user_1",
      scopes: ["entities.read", "kv.write"],
      jti: claims.jti,
      exp: BigInt(NOW + 3600),
      iat: BigInt(NOW - 60),
      iss: ISSUER,
      aud: AUDIENCE,
    });
  });

  it.each([
    { given: "exp passed but within the leeway", claims: { exp: NOW - LEEWAY + 1 } },
    { given: "nbf ahead but within the leeway", claims: { nbf: NOW + LEEWAY } },
    { given: "iat ahead but within the leeway", claims: { iat: NOW + LEEWAY } },
    { given: "aud a list holding ours", claims: { aud: ["other", AUDIENCE] } },
    {
      given: "an app-only token (no user_id, empty scope)",
      claims: { user_id: undefined, scope: "" },
    },
  ])("accepts $given", async ({ claims }) => {
    const verdict = await validator.validate(tokenFrom(good, claims));
    expect(verdict).toMatchObject({ valid: true, claims: { aud: AUDIENCE } });
  });
});

describe("TokenValidator fails closed when the check itself cannot run", () => {
  const jwks = new StaticJwksSource({ keys: [good.jwk] });
  const base = { issuer: ISSUER, audience: AUDIENCE, leewaySecs: LEEWAY, jwks, now: () => NOW_MS };
  const revocations = testDenyList(() => NOW_MS);

  it.each([
    { given: "no JWKS", opts: { jwks: undefined }, message: "no JWKS configured" },
    { given: "no issuer", opts: { issuer: undefined }, message: "no JWT issuer configured" },
    { given: "no audience", opts: { audience: "" }, message: "no JWT audience configured" },
  ])("throws unavailable with $given", async ({ opts, message }) => {
    const validator = new TokenValidator({ ...base, revocations, ...opts });
    const error = await validator.validate(tokenFrom(good)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SidecarError);
    expect(error).toMatchObject({ errorCode: "unavailable", rawMessage: message });
  });

  it("throws unavailable, without the store's text, when the deny-list cannot answer", async () => {
    const down = {
      isDenied: (): boolean => {
        throw new Error("ECONNREFUSED 127.0.0.1:5432 secret-host-detail");
      },
    };
    const validator = new TokenValidator({ ...base, revocations: down });
    const error = await validator.validate(tokenFrom(good)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      errorCode: "unavailable",
      rawMessage: "token check unavailable",
    });
  });

  it("refuses a negative or fractional leeway at construction (misuse)", () => {
    expect(() => new TokenValidator({ ...base, revocations, leewaySecs: -1 })).toThrow(TypeError);
    expect(() => new TokenValidator({ ...base, revocations, leewaySecs: 1.5 })).toThrow(TypeError);
  });
});
