// Issue #13 item 15 on the MongoDB-wire adapter (FerretDB): a tenant's batch is one write with
// the chain linked in memory, several appenders never fork it, and a store that is down answers
// `unavailable` within about a second instead of hanging until the caller's deadline.
import { randomUUID } from "node:crypto";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../../gen/proto/coresdk/v1/errors_pb.js";
import { MongoAppender } from "../../../sidecar/audit/adapters/mongo-append.js";
import type { AuditDoc } from "../../../sidecar/audit/adapters/mongo-audit-docs.js";
import { MongoAuditStore } from "../../../sidecar/audit/adapters/mongo-audit-store.js";
import { createAuditService } from "../../../sidecar/audit/audit-service.js";
import { sealRecord } from "../../../sidecar/audit/chain.js";
import { HeadCache } from "../../../sidecar/audit/head-cache.js";
import { SidecarError } from "../../../sidecar/errors/sidecar-error.js";
import { hasServer, type PrivateServer, privateFerretDb } from "../../helpers/private-server.js";
import { serviceUrl } from "../../helpers/services.js";
import { emitRequest, entry } from "./fixtures.js";
import { reverify } from "./independent-verifier.js";

const mongoUrl = serviceUrl("CPOD_MONGO_URL");

describe.skipIf(!mongoUrl)("MongoAuditStore batches (FerretDB, CPOD_MONGO_URL)", () => {
  const dbName = `cpod_audit_batch_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const url = () => {
    const u = new URL(mongoUrl as string);
    u.pathname = `/${dbName}`;
    return u.toString();
  };
  let stores: MongoAuditStore[] = [];
  let client: MongoClient;

  beforeAll(async () => {
    stores = await Promise.all([0, 1, 2].map(() => MongoAuditStore.open(url())));
    client = await new MongoClient(url()).connect();
  }, 60_000);
  afterAll(async () => {
    await client?.db(dbName).dropDatabase();
    await client?.close();
    for (const store of stores) await store.close();
  });

  it("appends a tenant's batch with one insertMany, the chain linked in memory; it verifies", async () => {
    const records = client.db(dbName).collection<AuditDoc>("audit_records");
    let inserts = 0;
    const counted = Object.create(records) as typeof records;
    counted.insertMany = ((docs: AuditDoc[], opts: object) => {
      inserts += 1;
      return records.insertMany(docs, opts);
    }) as typeof records.insertMany;
    const appender = new MongoAppender(counted, new HeadCache());
    const t = `one-${randomUUID().slice(0, 8)}`;
    const batch = Array.from({ length: 64 }, (_, i) => ({
      build: (h: Parameters<typeof sealRecord>[2]) => sealRecord(t, entry(i + 1), h),
      dedupKey: `k${i}`,
    }));
    const outcomes = await appender.appendBatch(t, batch);
    expect(inserts).toBe(1);
    expect(outcomes.map((o) => ("ok" in o ? o.ok.record.sequence_id : 0))).toEqual(
      batch.map((_, i) => i + 1),
    );
    const again = await appender.appendBatch(t, batch.slice(0, 3)); // a resend: deduplicated
    expect(again.every((o) => "ok" in o && o.ok.deduplicated)).toBe(true);
    const stored = await stores[0]?.range(t, 0, 1_000);
    expect(stored).toHaveLength(64);
    expect(reverify(stored ?? [])).toEqual({ valid: true });
  });

  it("three store instances (as three sidecars) appending 200 each at once keep one chain 1..600", async () => {
    const t = `race-${randomUUID().slice(0, 8)}`;
    const appended = await Promise.all(
      stores.flatMap((store, p) =>
        Array.from({ length: 200 }, (_, i) =>
          store.append(t, (h) => sealRecord(t, entry(p * 200 + i), h)),
        ),
      ),
    );
    const sequences = appended.map((a) => a.record.sequence_id).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    const stored = await stores[1]?.range(t, 0, 1_000);
    expect(stored).toHaveLength(600); // nothing stored beside the chain
    expect(reverify(stored ?? [])).toEqual({ valid: true });
  }, 120_000);
});

describe.skipIf(!hasServer("ferretdb"))("MongoAuditStore when its server is down", () => {
  it("answers Query and EmitBatch `unavailable` within about a second", async () => {
    const ferret = (await privateFerretDb()) as PrivateServer;
    const store = await MongoAuditStore.open(ferret.url);
    try {
      const svc = createAuditService(store, { cursorKey: "k" });
      await ferret.stop();
      const started = performance.now();
      const error = await svc
        .query({ $typeName: "coresdk.v1.QueryRequest", tenantId: "t" })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SidecarError);
      expect((error as SidecarError).errorCode).toBe("unavailable");
      expect(performance.now() - started).toBeLessThan(3_000);
      const emitted = performance.now();
      const { results } = await svc.emitBatch({
        $typeName: "coresdk.v1.EmitBatchRequest",
        records: [emitRequest("t", 1)],
      });
      expect(results[0]?.result.value).toMatchObject({ code: ErrorCode.UNAVAILABLE });
      expect(performance.now() - emitted).toBeLessThan(3_000);
    } finally {
      await store.close();
      await ferret.close();
    }
  }, 60_000);
});
