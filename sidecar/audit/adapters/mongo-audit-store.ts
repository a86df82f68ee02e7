import type { Collection, Filter, MongoClient } from "mongodb";
import type { AppendResult, AuditQuery, AuditStore, RecordBuilder } from "../audit-store.js";
import type { SealedRecord } from "../chain.js";
import { GroupCommit } from "../group-commit.js";
import { HeadCache } from "../head-cache.js";
import type { MongoAppender } from "./mongo-append.js";
import { type AuditDoc, fromDoc } from "./mongo-audit-docs.js";

/** The database named in a MongoDB URL's path (`mongodb://h1,h2/name?…`), if any. */
export function databaseFromUrl(url: string): string | undefined {
  const name = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]+)/.exec(url)?.[1];
  return name ? decodeURIComponent(name) : undefined;
}

const INDEXES = [
  { key: { tenant_id: 1, sequence_id: 1 }, name: "tenant_sequence", unique: true },
  { key: { tenant_id: 1, dedup_id: 1 }, name: "tenant_dedup", unique: true },
  {
    key: { tenant_id: 1, action: 1, sequence_id: 1 },
    name: "tenant_action_sequence",
    unique: false,
  },
] as const;

/**
 * Creates the indexes one by one: FerretDB 1.24 drops the connection on a multi-index
 * `createIndexes` whose indexes all exist already (every start after the first). A failure is
 * fine when the index is there anyway, e.g. another sidecar created it at the same moment.
 */
async function ensureIndexes(records: Collection<AuditDoc>): Promise<void> {
  for (const { key, name, unique } of INDEXES) {
    try {
      await records.createIndex(key, { name, unique });
    } catch (error) {
      const existing = await records.listIndexes().toArray();
      if (!existing.some((index) => index.name === name)) throw error;
    }
  }
}

/**
 * Server selection gives up after this long, so a request while the database is down fails in
 * about a second as `unavailable` (the gateway answers 503 + Retry-After, or queues the record)
 * instead of waiting out the gateway's deadline (a 504 after the default 30 s selection).
 */
const SERVER_SELECTION_MS = 1_000;

/** Most records of one tenant in one insertMany (EmitBatch carries up to 512). */
const MAX_BATCH = 512;

/**
 * The audit chain in a MongoDB collection (`audit_records`), also served by MongoDB-compatible
 * servers such as FerretDB. Appends are group-committed: a tenant's appends that arrive while its
 * previous write runs go together as one ordered insertMany, the chain linked in memory on the
 * cached head, and the unique keys are the compare-and-set (see MongoAppender), so several
 * sidecar processes can share one chain without transactions — a lost race costs a re-read and a
 * retry, never a fork. One write per tenant runs at a time in each process.
 *
 * @example
 *   const store = await MongoAuditStore.open("mongodb://127.0.0.1:27017/cpod");
 */
export class MongoAuditStore implements AuditStore {
  readonly #client: MongoClient;
  readonly #records: Collection<AuditDoc>;
  readonly #commits: GroupCommit;

  private constructor(client: MongoClient, records: Collection<AuditDoc>, appender: MongoAppender) {
    this.#client = client;
    this.#records = records;
    this.#commits = new GroupCommit(
      (tenantId, batch) => appender.appendBatch(tenantId, batch),
      MAX_BATCH,
    );
  }

  /**
   * Connects, ensures the indexes, and returns the store; `dbName` overrides the URL's path. The
   * driver is loaded here, not when the sidecar starts: a sidecar on its embedded store never
   * pays for it (importing mongodb was ~0.4 s of every `cpod sidecar` start).
   */
  static async open(url: string, dbName?: string): Promise<MongoAuditStore> {
    const [{ MongoClient }, { MongoAppender }] = await Promise.all([
      import("mongodb"),
      import("./mongo-append.js"),
    ]);
    const client = new MongoClient(url, { serverSelectionTimeoutMS: SERVER_SELECTION_MS });
    try {
      await client.connect();
      const name = dbName ?? databaseFromUrl(url) ?? "cpod";
      const records = client.db(name).collection<AuditDoc>("audit_records");
      await ensureIndexes(records);
      return new MongoAuditStore(client, records, new MongoAppender(records, new HeadCache()));
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  append(
    tenantId: string,
    build: RecordBuilder,
    opts: { dedupKey?: string } = {},
  ): Promise<AppendResult> {
    return this.#commits.append(tenantId, build, opts.dedupKey);
  }

  async query(q: AuditQuery): Promise<SealedRecord[]> {
    const filter: Filter<AuditDoc> = {
      tenant_id: q.tenantId,
      sequence_id: { $gt: q.afterSequence },
    };
    if (q.from !== undefined || q.to !== undefined) {
      filter.timestamp = {
        ...(q.from !== undefined ? { $gte: q.from } : {}),
        ...(q.to !== undefined ? { $lt: q.to } : {}),
      };
    }
    if (q.action !== undefined) filter.action = q.action;
    const docs = await this.#records.find(filter).sort({ sequence_id: 1 }).limit(q.limit).toArray();
    return docs.map(fromDoc);
  }

  range(tenantId: string, afterSequence: number, limit: number): Promise<SealedRecord[]> {
    return this.query({ tenantId, afterSequence, limit });
  }

  async ping(): Promise<void> {
    await this.#records.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.#client.close();
  }
}
