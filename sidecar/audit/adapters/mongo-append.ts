import { setTimeout as sleep } from "node:timers/promises";
import { type Collection, MongoServerError } from "mongodb";
import { SidecarError } from "../../errors/sidecar-error.js";
import { type AppendResult, nextLink, type RecordBuilder } from "../audit-store.js";
import { type ChainHead, EMPTY_HEAD } from "../chain.js";
import type { HeadCache } from "../head-cache.js";
import { type AuditDoc, dedupId, docId, fromDoc, toDoc } from "./mongo-audit-docs.js";

/** How long one append keeps retrying lost races before answering `unavailable`. */
const APPEND_DEADLINE_MS = 20_000;
/** Past this many forward steps, one head query is cheaper than stepping on. */
const MAX_FORWARD_STEPS = 8;

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/**
 * The compare-and-set append for MongoDB-compatible servers, which have no multi-document
 * transactions here (FerretDB): insert the record at head+1 and let the unique keys decide.
 * `_id` is "<tenant>/<sequence>" and (tenant_id, sequence_id) is a unique index, so exactly one
 * emitter owns each position (no fork), and a record is only built on a head that was read or
 * written (no gap). The loser steps forward by `_id` (an exact lookup, cheap even where sorting
 * is not) and retries with jittered backoff.
 */
export class MongoAppender {
  readonly #records: Collection<AuditDoc>;
  readonly #heads: HeadCache;

  constructor(records: Collection<AuditDoc>, heads: HeadCache) {
    this.#records = records;
    this.#heads = heads;
  }

  async append(tenantId: string, build: RecordBuilder, dedupKey?: string): Promise<AppendResult> {
    const deadline = Date.now() + APPEND_DEADLINE_MS;
    const earlier = await this.#deduplicated(tenantId, dedupKey);
    if (earlier) return earlier;
    let head = this.#heads.get(tenantId) ?? (await this.#readHead(tenantId));
    for (let attempt = 0; ; attempt++) {
      const record = nextLink(build, tenantId, head);
      try {
        await this.#records.insertOne(toDoc(record, dedupKey));
        this.#heads.set(tenantId, record);
        return { record, deduplicated: false };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        if (Date.now() > deadline)
          throw new SidecarError("unavailable", "audit chain is too contended");
        head = await this.#forward(tenantId, head);
        // The conflict may have been the dedup key rather than the position.
        const winner = await this.#deduplicated(tenantId, dedupKey);
        if (winner) return winner;
        await sleep(Math.random() * Math.min(50, 2 ** attempt));
      }
    }
  }

  async #deduplicated(tenantId: string, dedupKey?: string): Promise<AppendResult | undefined> {
    if (dedupKey === undefined) return undefined;
    const found = await this.#records.findOne({ tenant_id: tenantId, dedup_id: dedupId(dedupKey) });
    return found ? { record: fromDoc(found), deduplicated: true } : undefined;
  }

  /** The head after `from`: follow `_id`s a few steps, else ask for the top of the chain. */
  async #forward(tenantId: string, from: ChainHead): Promise<ChainHead> {
    let head = from;
    for (let step = 0; step < MAX_FORWARD_STEPS; step++) {
      const sequence = head.sequence_id + 1;
      const next = await this.#records.findOne(
        { _id: docId(tenantId, sequence) },
        { projection: { record_hash: 1 } },
      );
      if (next) head = { sequence_id: sequence, record_hash: next.record_hash };
      else if (step > 0) return this.#remember(tenantId, head);
      else break; // no progress: the cache is wrong, or the conflict was elsewhere
    }
    return this.#readHead(tenantId);
  }

  async #readHead(tenantId: string): Promise<ChainHead> {
    const last = await this.#records.findOne(
      { tenant_id: tenantId },
      { sort: { sequence_id: -1 }, projection: { sequence_id: 1, record_hash: 1 } },
    );
    const head = last
      ? { sequence_id: Number(last.sequence_id), record_hash: last.record_hash }
      : EMPTY_HEAD;
    return this.#remember(tenantId, head);
  }

  #remember(tenantId: string, head: ChainHead): ChainHead {
    this.#heads.set(tenantId, head);
    return head;
  }
}
