import { type Collection, type Filter, MongoClient } from "mongodb";
import type { AppendResult, AuditQuery, AuditStore, RecordBuilder } from "../audit-store.js";
import type { SealedRecord } from "../chain.js";
import { HeadCache } from "../head-cache.js";
import { KeyedQueue } from "../keyed-queue.js";
import { MongoAppender } from "./mongo-append.js";
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
 * The audit chain in a MongoDB collection (`audit_records`), also served by MongoDB-compatible
 * servers such as FerretDB. Appends are a compare-and-set on unique keys (see MongoAppender), so
 * several sidecar processes can share one chain without transactions; an in-process per-tenant
 * queue keeps each process to one attempt in flight per tenant.
 *
 * @example
 *   const store = await MongoAuditStore.open("mongodb://127.0.0.1:27017/cpod");
 */
export class MongoAuditStore implements AuditStore {
  readonly #client: MongoClient;
  readonly #records: Collection<AuditDoc>;
  readonly #queue = new KeyedQueue();
  readonly #appender: MongoAppender;

  private constructor(client: MongoClient, records: Collection<AuditDoc>) {
    this.#client = client;
    this.#records = records;
    this.#appender = new MongoAppender(records, new HeadCache());
  }

  /** Connects, ensures the indexes, and returns the store; `dbName` overrides the URL's path. */
  static async open(url: string, dbName?: string): Promise<MongoAuditStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
    try {
      await client.connect();
      const name = dbName ?? databaseFromUrl(url) ?? "cpod";
      const records = client.db(name).collection<AuditDoc>("audit_records");
      await ensureIndexes(records);
      return new MongoAuditStore(client, records);
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
    return this.#queue.run(tenantId, () => this.#appender.append(tenantId, build, opts.dedupKey));
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
