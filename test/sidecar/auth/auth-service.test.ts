import { create, toJsonString } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { describe, expect, it, vi } from "vitest";
import {
  AuthorizeResponseSchema,
  AuthService,
  GetJwksResponseSchema,
  TokenRejectReason,
} from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { MemoryDenyListStore } from "../../../sidecar/auth/adapters/memory-deny-list-store.js";
import { type AuthServiceDeps, createAuthService } from "../../../sidecar/auth/auth-service.js";
import { DenyListReplica } from "../../../sidecar/auth/deny-list-replica.js";
import { StaticJwksSource } from "../../../sidecar/auth/jwks-source.js";
import { TokenValidator } from "../../../sidecar/auth/token-validator.js";
import { testDenyList } from "./deny-lists.js";
import { AUDIENCE, ISSUER, LEEWAY, NOW, NOW_MS, privateJwk, rsaKey, tokenFrom } from "./tokens.js";

const key = rsaKey("k1");

/** AuthService behind an in-memory Connect router, with a private JWK in its key set on purpose. */
function setup(overrides: Partial<AuthServiceDeps> = {}) {
  const revocations = testDenyList(() => NOW_MS);
  const jwks = new StaticJwksSource({ keys: [privateJwk(key)] });
  const validator = new TokenValidator({
    issuer: ISSUER,
    audience: AUDIENCE,
    leewaySecs: LEEWAY,
    jwks,
    revocations,
    now: () => NOW_MS,
  });
  const authorize = vi.fn(async () =>
    create(AuthorizeResponseSchema, { allow: true, reasons: [], policyVersion: "v1" }),
  );
  const impl = createAuthService({ validator, revocations, jwks, authorize, ...overrides });
  const transport = createRouterTransport((router) => router.service(AuthService, impl));
  return { client: createClient(AuthService, transport), authorize };
}

describe("AuthService over an in-memory Connect transport", () => {
  it("ValidateToken answers the claims of a good token", async () => {
    const { client } = setup();
    const res = await client.validateToken({ token: tokenFrom(key, { jti: "jti-1" }) });
    expect(res.valid).toBe(true);
    expect(res.reason).toBe(TokenRejectReason.UNSPECIFIED);
    expect(res.claims).toMatchObject({
      tenantId: "tnt_1",
      jti: "jti-1",
      scopes: ["entities.read", "kv.write"],
    });
  });

  it("ValidateToken answers a reason code, not an RPC error, for a bad token", async () => {
    const { client } = setup();
    const res = await client.validateToken({ token: "garbage" });
    expect(res).toMatchObject({ valid: false, reason: TokenRejectReason.MALFORMED });
    expect(res.claims).toBeUndefined();
  });

  it("RevokeToken → IsRevoked → ValidateToken says REVOKED", async () => {
    const { client } = setup();
    const token = tokenFrom(key, { jti: "jti-2" });
    expect((await client.isRevoked({ jti: "jti-2" })).revoked).toBe(false);
    const first = await client.revokeToken({
      jti: "jti-2",
      exp: BigInt(NOW + 3600),
      tenantId: "tnt_1",
    });
    expect(first.alreadyRevoked).toBe(false);
    expect((await client.isRevoked({ jti: "jti-2" })).revoked).toBe(true);
    const res = await client.validateToken({ token });
    expect(res).toMatchObject({ valid: false, reason: TokenRejectReason.REVOKED });
    const again = await client.revokeToken({
      jti: "jti-2",
      exp: BigInt(NOW + 3600),
      tenantId: "tnt_1",
    });
    expect(again.alreadyRevoked).toBe(true); // revoking twice is not an error (RFC 7009)
  });

  it("RevokeToken refuses an empty jti as invalid_argument", async () => {
    const { client } = setup();
    const error = await client
      .revokeToken({ jti: "", exp: BigInt(NOW + 60), tenantId: "tnt_1" })
      .catch((e: unknown) => ConnectError.from(e));
    expect(error).toMatchObject({ code: Code.InvalidArgument });
  });

  it("RevokeAppTokens denies the app's tokens issued up to issued_before, and no others", async () => {
    const { client } = setup();
    const before = tokenFrom(key, { app_id: "app_gone", iat: NOW - 60 });
    const at = tokenFrom(key, { app_id: "app_gone", iat: NOW });
    const after = tokenFrom(key, { app_id: "app_gone", iat: NOW + 1 });
    const otherApp = tokenFrom(key, { app_id: "app_kept", iat: NOW - 60 });
    const first = await client.revokeAppTokens({
      appId: "app_gone",
      tenantId: "tnt_1",
      issuedBefore: BigInt(NOW),
      expiresAt: BigInt(NOW + 86_400),
    });
    expect(first.alreadyRevoked).toBe(false);
    for (const token of [before, at]) {
      expect(await client.validateToken({ token })).toMatchObject({
        valid: false,
        reason: TokenRejectReason.REVOKED,
      });
    }
    expect((await client.validateToken({ token: after })).valid).toBe(true);
    expect((await client.validateToken({ token: otherApp })).valid).toBe(true);
    const again = await client.revokeAppTokens({
      appId: "app_gone",
      tenantId: "tnt_1",
      issuedBefore: BigInt(NOW - 10),
      expiresAt: BigInt(NOW + 3600),
    });
    expect(again.alreadyRevoked).toBe(true); // covered by the first entry
  });

  it("RevokeAppTokens refuses expires_at before issued_before as invalid_argument", async () => {
    const { client } = setup();
    const error = await client
      .revokeAppTokens({
        appId: "app_1",
        tenantId: "tnt_1",
        issuedBefore: BigInt(NOW),
        expiresAt: BigInt(NOW - 1),
      })
      .catch((e: unknown) => ConnectError.from(e));
    expect(error).toMatchObject({ code: Code.InvalidArgument });
  });

  it("RevokeToken and RevokeAppTokens answer unavailable while the deny-list store is down", async () => {
    const store = new MemoryDenyListStore();
    const revocations = new DenyListReplica({ store, failMode: "closed", now: () => NOW_MS });
    await revocations.sync();
    const { client } = setup({ revocations });
    store.failing = true;
    const errors = await Promise.all([
      client
        .revokeToken({ jti: "jti-9", exp: BigInt(NOW + 60), tenantId: "tnt_1" })
        .catch((e: unknown) => ConnectError.from(e)),
      client
        .revokeAppTokens({
          appId: "app_1",
          tenantId: "tnt_1",
          issuedBefore: BigInt(NOW),
          expiresAt: BigInt(NOW + 60),
        })
        .catch((e: unknown) => ConnectError.from(e)),
    ]);
    for (const error of errors) expect(error).toMatchObject({ code: Code.Unavailable });
    expect((await client.isRevoked({ jti: "jti-9" })).revoked).toBe(false);
  });

  it("GetJwks lists public members only, even when the set held private ones", async () => {
    const { client } = setup();
    const res = await client.getJwks({});
    expect(res.keys).toHaveLength(1);
    expect(res.keys[0]).toMatchObject({
      kid: "k1",
      kty: "RSA",
      alg: "RS256",
      use: "sig",
      n: key.jwk.n,
      e: key.jwk.e,
    });
    const wire = toJsonString(GetJwksResponseSchema, res);
    const secret = privateJwk(key);
    for (const name of ["d", "p", "q", "dp", "dq", "qi"] as const) {
      expect(wire).not.toContain(secret[name] as string);
    }
    expect(Object.keys(JSON.parse(wire).keys[0]).sort()).toEqual([
      "alg",
      "e",
      "kid",
      "kty",
      "n",
      "use",
    ]);
    expect(res.fetchedAt).not.toBe("");
  });

  it("GetJwks without a key set answers unavailable", async () => {
    const { client } = setup({ jwks: undefined });
    const error = await client.getJwks({}).catch((e: unknown) => ConnectError.from(e));
    expect(error).toMatchObject({ code: Code.Unavailable, rawMessage: "no JWKS configured" });
  });

  it("Authorize delegates to the policy-backed authorizer", async () => {
    const { client, authorize } = setup();
    const res = await client.authorize({
      subject: { tenantId: "tnt_1", appId: "app_1", scopes: ["kv.read"] },
      action: "kv.read",
      resource: { type: "kv", id: "k", tenantId: "tnt_1" },
    });
    expect(res).toMatchObject({ allow: true, policyVersion: "v1" });
    expect(authorize).toHaveBeenCalledOnce();
  });
});
