// Issue #13 items 12 and 13: Redis holds only the rate-limit counters now. Two real sidecars
// (CORESDK_FAIL_MODE closed and open) on a private redis-server that this file kills and restarts
// empty — never the shared one. Validation keeps working while Redis is down (a good token valid,
// a revoked one refused), only the rate-limit step follows the fail mode, and a revocation made
// before the outage still holds after Redis comes back with nothing in it.
import { randomUUID } from "node:crypto";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdmissionService, AdmitVerdict } from "../../../gen/proto/coresdk/v1/admission_pb.js";
import { AuthService, TokenRejectReason } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { ErrorCode } from "../../../gen/proto/coresdk/v1/errors_pb.js";
import { StaticJwksSource } from "../../../sidecar/auth/jwks-source.js";
import { type RunningSidecar, startSidecar } from "../../../sidecar/start.js";
import { MemoryTenantDirectory } from "../../../sidecar/tenants/adapters/memory-tenant-directory.js";
import { testSidecarConfig, withCallerCredential } from "../../helpers/sidecar.js";
import { hasRedisServer, startRedis, type ThrowawayRedis } from "../ratelimit/throwaway-redis.js";
import { AUDIENCE, ISSUER, rsaKey, tokenFrom } from "./tokens.js";

const key = rsaKey("outage-key");
const MODES = ["closed", "open"] as const;
type Mode = (typeof MODES)[number];

/** A token valid on the real clock (tokens.ts freezes its own clock in 2030). */
function liveToken(jti: string): string {
  const now = Math.floor(Date.now() / 1000);
  return tokenFrom(key, { jti, iat: now - 60, exp: now + 3600 });
}

const ADMIT = {
  action: "entities.read",
  resourceType: "entity.people",
  resourceId: "",
  routeClass: "list_people",
};

describe.skipIf(!hasRedisServer)("sidecars on a private Redis that dies and returns empty", () => {
  let redis: ThrowawayRedis;
  const sidecars = new Map<Mode, RunningSidecar>();
  const good = liveToken(`good-${randomUUID()}`);
  const revokedJti = `revoked-${randomUUID()}`;
  const revoked = liveToken(revokedJti);

  const clients = (mode: Mode) => {
    const sidecar = sidecars.get(mode) as RunningSidecar;
    const transport = createGrpcTransport({
      baseUrl: `http://127.0.0.1:${sidecar.address.port}`,
      interceptors: [withCallerCredential],
    });
    return {
      auth: createClient(AuthService, transport),
      admission: createClient(AdmissionService, transport),
    };
  };

  beforeAll(async () => {
    redis = await startRedis();
    for (const mode of MODES) {
      const config = testSidecarConfig({
        CPOD_REDIS_URL: redis.url,
        CORESDK_FAIL_MODE: mode,
        CORESDK_JWT_ISSUER: ISSUER,
        CORESDK_JWT_AUDIENCE: AUDIENCE,
      });
      const overrides = {
        jwks: new StaticJwksSource({ keys: [key.jwk] }),
        tenants: new MemoryTenantDirectory([{ id: "tnt_1", plan: "free" }]),
        log: () => undefined,
      };
      sidecars.set(mode, await startSidecar(config, { overrides, log: () => undefined }));
      const exp = BigInt(Math.floor(Date.now() / 1000) + 3600);
      await clients(mode).auth.revokeToken({ jti: revokedJti, exp, tenantId: "tnt_1" });
    }
  }, 120_000);
  afterAll(async () => {
    for (const sidecar of sidecars.values()) await sidecar.close(500);
    await redis?.stop();
  }, 30_000);

  it.each(MODES)("%s: validates and admits while Redis is up", async (mode) => {
    const { auth, admission } = clients(mode);
    expect((await auth.validateToken({ token: good })).valid).toBe(true);
    expect(await auth.validateToken({ token: revoked })).toMatchObject({
      valid: false,
      reason: TokenRejectReason.REVOKED,
    });
    const admitted = await admission.admit({ token: good, ...ADMIT });
    expect(admitted).toMatchObject({ verdict: AdmitVerdict.ADMITTED, rateDegraded: false });
    expect(admitted.rate?.limit).toBeGreaterThan(0);
  });

  it("exports the deny-list replica's sync age on /metrics", async () => {
    const ops = (sidecars.get("closed") as RunningSidecar).opsAddress;
    const text = await (await fetch(`http://127.0.0.1:${ops.port}/metrics`)).text();
    const age = text.match(/^coresdk_deny_list_sync_age_seconds (\S+)$/m)?.[1];
    expect(Number(age)).toBeGreaterThanOrEqual(0);
    expect(Number(age)).toBeLessThan(30);
  });

  it("with Redis killed: validation is unaffected in both modes; only the rate step differs", async () => {
    await redis.stop();
    for (const mode of MODES) {
      const { auth, admission } = clients(mode);
      expect((await auth.validateToken({ token: good })).valid).toBe(true);
      expect(await auth.validateToken({ token: revoked })).toMatchObject({
        valid: false,
        reason: TokenRejectReason.REVOKED,
      });
      expect(await admission.admit({ token: revoked, ...ADMIT })).toMatchObject({
        verdict: AdmitVerdict.TOKEN_REJECTED,
        tokenRejectReason: TokenRejectReason.REVOKED,
      });
    }
    // closed: the rate-limit step could not run, so Admit answers FAILED at step Check (the
    // gateway's own fail mode then decides: 503 when closed); the claims are already verified.
    const closed = await clients("closed").admission.admit({ token: good, ...ADMIT });
    expect(closed).toMatchObject({
      verdict: AdmitVerdict.FAILED,
      failure: { step: "Check", code: ErrorCode.UNAVAILABLE },
      claims: { tenantId: "tnt_1" },
    });
    // open: admitted without a rate verdict, marked degraded (limit 0).
    const open = await clients("open").admission.admit({ token: good, ...ADMIT });
    expect(open).toMatchObject({
      verdict: AdmitVerdict.ADMITTED,
      rateDegraded: true,
      rate: { allowed: true, limit: 0 },
    });
  }, 30_000);

  it("with Redis back empty: the revocation still holds and rate limiting resumes", async () => {
    redis = await startRedis(redis.port);
    for (const mode of MODES) {
      const { auth, admission } = clients(mode);
      expect(await auth.validateToken({ token: revoked })).toMatchObject({
        valid: false,
        reason: TokenRejectReason.REVOKED,
      });
      expect((await auth.isRevoked({ jti: revokedJti })).revoked).toBe(true);
      let admitted = await admission.admit({ token: good, ...ADMIT });
      const settled = () => admitted.verdict === AdmitVerdict.ADMITTED && !admitted.rateDegraded;
      for (let i = 0; i < 50 && !settled(); i++) {
        await new Promise((r) => setTimeout(r, 100)); // ioredis reconnects on its own schedule
        admitted = await admission.admit({ token: good, ...ADMIT });
      }
      expect(admitted).toMatchObject({ verdict: AdmitVerdict.ADMITTED, rateDegraded: false });
    }
  }, 30_000);
});
