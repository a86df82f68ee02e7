import { describe, expect, it } from "vitest";
import { TokenRejectReason } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { StaticJwksSource } from "../../../sidecar/auth/jwks-source.js";
import { TokenValidator } from "../../../sidecar/auth/token-validator.js";
import { testDenyList } from "./deny-lists.js";
import { AUDIENCE, ISSUER, LEEWAY, NOW, NOW_MS, rsaKey, tokenFrom } from "./tokens.js";

// The validator remembers tokens whose signature it verified. These cases pin that the memory
// only ever skips the RSA check: the clock, the key set and the deny-list are consulted anew.
describe("TokenValidator with verified tokens remembered", () => {
  const key = rsaKey("k1");
  const setup = () => {
    const clock = { now: NOW_MS };
    const jwks = new StaticJwksSource({ keys: [key.jwk] });
    const revocations = testDenyList(() => clock.now);
    const validator = new TokenValidator({
      issuer: ISSUER,
      audience: AUDIENCE,
      leewaySecs: LEEWAY,
      jwks,
      revocations,
      now: () => clock.now,
    });
    return { clock, jwks, revocations, validator };
  };

  it("accepts the same token again with the same claims", async () => {
    const { validator } = setup();
    const token = tokenFrom(key);
    const first = await validator.validate(token);
    expect(first.valid).toBe(true);
    expect(await validator.validate(token)).toEqual(first);
  });

  it("re-checks expiry against the clock (with leeway) on every use", async () => {
    const { clock, validator } = setup();
    const token = tokenFrom(key, { exp: NOW + 60 });
    expect((await validator.validate(token)).valid).toBe(true);
    clock.now = (NOW + 60 + LEEWAY - 1) * 1000;
    expect((await validator.validate(token)).valid).toBe(true);
    clock.now = (NOW + 60 + LEEWAY) * 1000;
    expect(await validator.validate(token)).toEqual({
      valid: false,
      reason: TokenRejectReason.EXPIRED,
    });
  });

  it("consults the deny-list on every use", async () => {
    const { revocations, validator } = setup();
    const token = tokenFrom(key, { jti: "jti-to-revoke" });
    expect((await validator.validate(token)).valid).toBe(true);
    await revocations.revoke({ jti: "jti-to-revoke", tenantId: "tnt_1", exp: NOW + 3600 });
    expect(await validator.validate(token)).toEqual({
      valid: false,
      reason: TokenRejectReason.REVOKED,
    });
  });

  it("verifies again once the key set changed, and refuses a token whose key is gone", async () => {
    const { jwks, validator } = setup();
    const token = tokenFrom(key);
    expect((await validator.validate(token)).valid).toBe(true);
    jwks.replace({ keys: [rsaKey("k2").jwk] });
    const verdict = await validator.validate(token);
    expect(verdict.valid).toBe(false);
  });

  it("never remembers a refused token: a bad signature stays refused", async () => {
    const { validator } = setup();
    const other = rsaKey("k1"); // same kid, different key: the signature cannot verify
    const forged = tokenFrom(other);
    const first = await validator.validate(forged);
    expect(first.valid).toBe(false);
    expect(await validator.validate(forged)).toEqual(first);
  });
});
