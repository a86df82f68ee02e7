// Three `cpod sidecar` processes append to ONE tenant's chain on one database at once, 200
// concurrent Emits each over gRPC: the chain must come out as 1..600 with no gap or fork, and
// Verify (from every process) plus an independent re-verifier must accept it. Runs on FerretDB
// (MongoAuditStore) and on PostgreSQL (SqlAuditStore: each process appends on the head it last
// wrote, in one statement, and must fall back whenever another process moved it).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toJson } from "@bufbuild/protobuf";
import { type Client, createClient } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { MongoClient } from "mongodb";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditRecordSchema, AuditService } from "../../../gen/proto/coresdk/v1/audit_pb.js";
import { freePort } from "../../helpers/private-server.js";
import { serviceUrl } from "../../helpers/services.js";
import {
  TEST_CALLER_CREDENTIAL,
  withAccessToken,
  withCallerCredential,
} from "../../helpers/sidecar.js";
import {
  createSigner,
  serveJwks,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TestSigner,
} from "../../helpers/tokens.js";
import { emitRequest } from "./fixtures.js";
import { reverify } from "./independent-verifier.js";

const PROCESSES = 3;
const PER_PROCESS = 200;
const ROOT = new URL("../../../", import.meta.url).pathname;

interface Sidecar {
  child: ChildProcess;
  port: number;
  dataDir: string;
  output: string[];
}

const SHARED_MASTER_KEY = randomBytes(32).toString("hex");

/**
 * Starts `node bin/cpod.js sidecar` and resolves once it prints its listening line. The process
 * joins `started` at once, so afterAll stops it even when it never came up.
 */
async function startSidecar(
  storeEnv: Record<string, string>,
  started: Sidecar[],
): Promise<Sidecar> {
  const [port, metrics] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), "cpod-audit-mp-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CPOD_DATA_DIR: dataDir,
    // Replicas share one master key (audit cursors are signed with a key derived from it), so a
    // cursor from one sidecar is accepted by another — as in production.
    CPOD_MASTER_KEY: SHARED_MASTER_KEY,
    // The platform credential (Emit) and a JWKS for the tenant's token (Query, Verify).
    CORESDK_CALLER_CREDENTIAL: TEST_CALLER_CREDENTIAL,
    CORESDK_JWT_ISSUER: TEST_ISSUER,
    CORESDK_JWT_AUDIENCE: TEST_AUDIENCE,
  };
  env.CORESDK_LISTEN_ADDR = `127.0.0.1:${port}`;
  env.CORESDK_METRICS_ADDR = `127.0.0.1:${metrics}`;
  for (const name of [
    "CPOD_MONGO_URL",
    "CPOD_POSTGRES_URL",
    "CPOD_REDIS_URL",
    "CORESDK_CONTROL_PLANE_URL",
  ])
    delete env[name];
  Object.assign(env, storeEnv);
  const child = spawn(process.execPath, ["bin/cpod.js", "sidecar"], {
    cwd: ROOT,
    env,
    stdio: "pipe",
  });
  const sidecar = { child, port, dataDir, output: [] as string[] };
  started.push(sidecar);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`sidecar did not start:\n${sidecar.output.join("")}`)),
      240_000, // starting a program (and an embedded PostgreSQL) is slow on a loaded machine
    );
    const onData = (chunk: Buffer) => {
      sidecar.output.push(chunk.toString());
      if (sidecar.output.join("").includes("cpod sidecar: listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => sidecar.output.push(chunk.toString()));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`sidecar exited with ${code ?? signal}:\n${sidecar.output.join("")}`));
    });
  });
  return sidecar;
}

async function stop(sidecar: Sidecar): Promise<void> {
  if (sidecar.child.exitCode === null && sidecar.child.signalCode === null) {
    const exited = new Promise((resolve) => sidecar.child.once("exit", resolve));
    sidecar.child.kill("SIGTERM");
    const timer = setTimeout(() => sidecar.child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(sidecar.dataDir, { recursive: true, force: true });
}

/** A database the sidecars share: the env that points them at it, and how to drop the test's data. */
interface SharedStore {
  env(): Promise<Record<string, string>>;
  cleanup(tenant: string): Promise<void>;
}

function multiProcessSuite(label: string, store: SharedStore) {
  describe(`audit chain across sidecar processes (${label})`, () => {
    const sidecars: Sidecar[] = [];
    const sessions: Http2SessionManager[] = [];
    const tenant = `mp-${randomUUID().slice(0, 8)}`;
    let clients: Client<typeof AuditService>[] = [];
    let signer: TestSigner;
    let jwks: Awaited<ReturnType<typeof serveJwks>> | undefined;

    beforeAll(async () => {
      signer = await createSigner();
      jwks = await serveJwks([signer.publicJwk]);
      const token = await signer.sign({
        sub: "app_audit",
        tenant_id: tenant,
        app_id: "app_audit",
        scope: "audit.read",
      });
      const env = { ...(await store.env()), CORESDK_JWKS_URL: jwks.url };
      await Promise.all(Array.from({ length: PROCESSES }, () => startSidecar(env, sidecars)));
      clients = sidecars.map(({ port }) => {
        const baseUrl = `http://127.0.0.1:${port}`;
        const sessionManager = new Http2SessionManager(baseUrl);
        sessions.push(sessionManager);
        const interceptors = [withCallerCredential, withAccessToken(token)];
        return createClient(
          AuditService,
          createGrpcTransport({ baseUrl, sessionManager, interceptors }),
        );
      });
    }, 300_000);

    afterAll(async () => {
      for (const session of sessions) session.abort();
      await Promise.all(sidecars.map(stop));
      await jwks?.close();
      await store.cleanup(tenant);
    }, 60_000);

    it(`keeps one chain 1..${PROCESSES * PER_PROCESS} under ${PER_PROCESS} concurrent Emits per process`, async () => {
      const started = performance.now();
      const responses = await Promise.all(
        clients.flatMap((client, p) =>
          Array.from({ length: PER_PROCESS }, (_, i) =>
            client.emit(emitRequest(tenant, p * PER_PROCESS + i)),
          ),
        ),
      );
      const elapsed = Math.round(performance.now() - started);
      const total = PROCESSES * PER_PROCESS;
      const sequences = responses.map((r) => Number(r.record?.sequenceId)).sort((a, b) => a - b);
      expect(sequences).toEqual(Array.from({ length: total }, (_, i) => i + 1));

      const pages = [await clients[0]?.query({ tenantId: tenant, limit: 500 })];
      const next = pages[0]?.nextCursor;
      if (next) pages.push(await clients[1]?.query({ tenantId: tenant, limit: 500, cursor: next }));
      const wire = pages
        .flatMap((p) => p?.records ?? [])
        .map((r) => toJson(AuditRecordSchema, r, { useProtoFieldName: true }));
      expect(wire.length).toBe(total);
      expect(reverify(wire as Record<string, unknown>[])).toEqual({ valid: true });
      for (const client of clients) {
        expect(await client.verify({ tenantId: tenant })).toMatchObject({
          valid: true,
          checked: BigInt(total),
        });
      }
      console.log(
        `audit multi-process (${label}): ${total} Emits from ${PROCESSES} sidecars in ${elapsed} ms`,
      );
    }, 180_000);
  });
}

const mongoUrl = serviceUrl("CPOD_MONGO_URL");
describe.skipIf(!mongoUrl)("FerretDB (CPOD_MONGO_URL)", () => {
  const dbName = `cpod_audit_mp_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const url = () => {
    const u = new URL(mongoUrl as string);
    u.pathname = `/${dbName}`;
    return u.toString();
  };
  multiProcessSuite("FerretDB", {
    env: async () => ({ CPOD_MONGO_URL: url() }),
    async cleanup() {
      const client = await new MongoClient(url()).connect();
      await client.db(dbName).dropDatabase();
      await client.close();
    },
  });
});

const postgresUrl = serviceUrl("CPOD_POSTGRES_URL");
describe.skipIf(!postgresUrl)("PostgreSQL (CPOD_POSTGRES_URL)", () => {
  multiProcessSuite("PostgreSQL", {
    env: async () => ({ CPOD_POSTGRES_URL: postgresUrl as string }),
    async cleanup(tenant) {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query("DELETE FROM sidecar_audit_records WHERE tenant_id = $1", [tenant]);
      await client.end();
    },
  });
});
