// The deny-list through whole sidecars (composition root, wire, SQL store): a sidecar restarted
// on the same data dir (its embedded PostgreSQL) still denies, and sidecars sharing one PostgreSQL converge
// within one poll (shortened to 50 ms here) — also one started after the revocation.
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AuthService, TokenRejectReason } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { openPgClient } from "../../../lib/sql/adapters/pg-client.js";
import { StaticJwksSource } from "../../../sidecar/auth/jwks-source.js";
import { type RunningSidecar, startSidecar } from "../../../sidecar/start.js";
import { serviceUrl } from "../../helpers/services.js";
import { testSidecarConfig, withCallerCredential } from "../../helpers/sidecar.js";
import { AUDIENCE, ISSUER, rsaKey, tokenFrom } from "./tokens.js";

const key = rsaKey("replicas-key");
const pgUrl = serviceUrl("CPOD_POSTGRES_URL");

function liveToken(jti: string): string {
  const now = Math.floor(Date.now() / 1000);
  return tokenFrom(key, { jti, iat: now - 60, exp: now + 3600 });
}

async function sidecarOn(env: Record<string, string>): Promise<RunningSidecar> {
  const config = testSidecarConfig({
    CORESDK_JWT_ISSUER: ISSUER,
    CORESDK_JWT_AUDIENCE: AUDIENCE,
    ...env,
  });
  const overrides = {
    jwks: new StaticJwksSource({ keys: [key.jwk] }),
    denyList: { pollMs: 50 },
    log: () => undefined,
  };
  return startSidecar(config, { overrides, log: () => undefined });
}

const auth = (sidecar: RunningSidecar) =>
  createClient(
    AuthService,
    createGrpcTransport({
      baseUrl: `http://127.0.0.1:${sidecar.address.port}`,
      interceptors: [withCallerCredential],
    }),
  );

const revoke = (sidecar: RunningSidecar, jti: string) =>
  auth(sidecar).revokeToken({
    jti,
    exp: BigInt(Math.floor(Date.now() / 1000) + 3600),
    tenantId: "tnt_1",
  });

const REVOKED = { valid: false, reason: TokenRejectReason.REVOKED };

describe("deny-list across sidecar restarts and replicas", () => {
  it("embedded PostgreSQL: a sidecar restarted on the same data dir still denies what was revoked", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "cpod-deny-sidecar-"));
    const jti = `restart-${randomUUID()}`;
    try {
      const first = await sidecarOn({ CPOD_DATA_DIR: dataDir });
      try {
        await revoke(first, jti);
      } finally {
        await first.close(500);
      }
      const second = await sidecarOn({ CPOD_DATA_DIR: dataDir });
      try {
        expect(await auth(second).validateToken({ token: liveToken(jti) })).toMatchObject(REVOKED);
      } finally {
        await second.close(500);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  describe.skipIf(!pgUrl)("PostgreSQL (CPOD_POSTGRES_URL, a throwaway schema)", () => {
    const schema = `deny_sidecars_${randomUUID().replaceAll("-", "")}`;
    let scopedUrl: string;
    const running: RunningSidecar[] = [];
    beforeAll(async () => {
      const url = pgUrl as string;
      const admin = await openPgClient(url, { max: 1 });
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.close();
      const options = encodeURIComponent(`-c search_path=${schema}`);
      scopedUrl = `${url}${url.includes("?") ? "&" : "?"}options=${options}`;
    });
    afterAll(async () => {
      for (const sidecar of running) await sidecar.close(500);
      const admin = await openPgClient(pgUrl as string, { max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.close();
    }, 30_000);

    it("a revocation on one sidecar is denied by another within a poll, and by a later one", async () => {
      const [a, b] = [
        await sidecarOn({ CPOD_POSTGRES_URL: scopedUrl }),
        await sidecarOn({ CPOD_POSTGRES_URL: scopedUrl }),
      ];
      running.push(a, b);
      const jti = `shared-${randomUUID()}`;
      const token = liveToken(jti);
      expect((await auth(b).validateToken({ token })).valid).toBe(true);
      await revoke(a, jti);
      expect(await auth(a).validateToken({ token })).toMatchObject(REVOKED); // at once
      await vi.waitFor(
        async () => expect(await auth(b).validateToken({ token })).toMatchObject(REVOKED),
        { timeout: 2_000, interval: 25 },
      );
      const later = await sidecarOn({ CPOD_POSTGRES_URL: scopedUrl });
      running.push(later);
      expect(await auth(later).validateToken({ token })).toMatchObject(REVOKED);
    }, 120_000);
  });
});
