import { setTimeout as sleep } from "node:timers/promises";
import { type Collection, MongoServerError } from "mongodb";
import { SidecarError } from "../../errors/sidecar-error.js";
import { nextLink } from "../audit-store.js";
import { type ChainHead, EMPTY_HEAD, type SealedRecord } from "../chain.js";
import type { AppendOutcome, PendingAppend } from "../group-commit.js";
import type { HeadCache } from "../head-cache.js";
import { type AuditDoc, dedupId, docId, fromDoc, toDoc } from "./mongo-audit-docs.js";

/** How long one batch keeps retrying lost races before answering `unavailable`. */
const APPEND_DEADLINE_MS = 20_000;
/** Past this many forward steps, one head query is cheaper than stepping on. */
const MAX_FORWARD_STEPS = 8;
/**
 * Documents per insert command. FerretDB v1 announces maxWriteBatchSize 100, so the driver
 * splits a larger insertMany into several commands — and sends the next one even after the
 * previous one stopped at a conflict, storing records linked to one that never got in (found by
 * a three-writer test). One command per call keeps "ordered" true: a conflict stops everything
 * after it.
 */
const INSERT_CHUNK = 100;

/**
 * The longest one driver call may take. Seen with FerretDB killed mid-write: an insertMany and
 * the head query after it never settled, not even once the server was back, so the tenant's
 * appends waited for ever and nothing reached the gateway's durable queue. Past this bound the
 * call is `unavailable` (the caller queues and retries); if it lands later after all, the unique
 * keys make the retry see it as ours (a stored prefix, or a dedup hit), never a fork.
 */
const DRIVER_CALL_MS = 3_000;

/** `work`, or `unavailable` once DRIVER_CALL_MS has passed. */
async function bounded<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SidecarError("unavailable", "the audit store did not answer in time")),
      DRIVER_CALL_MS,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

function isDuplicateKey(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false;
  if (error.code === 11000) return true;
  // insertMany reports per-document errors on a bulk write error
  const writeErrors = (error as { writeErrors?: { code?: number }[] }).writeErrors;
  return Array.isArray(writeErrors) && writeErrors.some((e) => e.code === 11000);
}

/** A batch linked onto a head in memory: each item's outcome, the documents to insert, in order. */
interface Linked {
  outcomes: (AppendOutcome | undefined)[];
  docs: AuditDoc[];
  /** `records[k]` is `docs[k]` as sealed. */
  records: SealedRecord[];
  /** `docs[k]` answers `items[slots[k]]`. */
  slots: number[];
  head: ChainHead;
}

/**
 * Links the unresolved items of `batch` onto `head` in order. A dedup key found in `stored` or
 * earlier in the batch is answered with that record; a builder that throws fails only its item.
 */
function link(
  tenantId: string,
  batch: PendingAppend[],
  done: (AppendOutcome | undefined)[],
  head: ChainHead,
  stored: ReadonlyMap<string, SealedRecord>,
): Linked {
  const byKey = new Map(stored);
  const outcomes = [...done];
  const docs: AuditDoc[] = [];
  const records: SealedRecord[] = [];
  const slots: number[] = [];
  let last = head;
  for (const [i, item] of batch.entries()) {
    if (outcomes[i]) continue;
    const earlier = item.dedupKey === undefined ? undefined : byKey.get(item.dedupKey);
    if (earlier) {
      outcomes[i] = { ok: { record: earlier, deduplicated: true } };
      continue;
    }
    try {
      const record = nextLink(item.build, tenantId, last);
      last = record;
      docs.push(toDoc(record, item.dedupKey));
      records.push(record);
      slots.push(i);
      if (item.dedupKey !== undefined) byKey.set(item.dedupKey, record);
    } catch (error) {
      outcomes[i] = { error };
    }
  }
  return { outcomes, docs, records, slots, head: last };
}

/**
 * Batched compare-and-set appends for MongoDB-compatible servers, which have no multi-document
 * transactions here (FerretDB v1): a tenant's batch is linked in memory onto the head this
 * process last saw and written with ordered `insertMany` calls of up to 100 documents each. The unique keys decide races:
 * `_id` is "<tenant>/<sequence>" and (tenant_id, sequence_id) is a unique index, so exactly one
 * emitter owns each position (no fork); (tenant_id, dedup_id) is unique, so a resent record is
 * never stored twice. An ordered insert stops at the first conflict, so what got in is a prefix
 * of the batch (no gap). After a conflict the stored prefix is answered, the head is found again
 * (stepping forward by `_id`, an exact lookup, cheap even where sorting is not), the rest's dedup
 * keys are looked up in one query, and the rest is relinked and retried with jittered backoff.
 *
 * @example
 *   const outcomes = await new MongoAppender(records, heads).appendBatch("acme", batch);
 */
export class MongoAppender {
  readonly #records: Collection<AuditDoc>;
  readonly #heads: HeadCache;

  constructor(records: Collection<AuditDoc>, heads: HeadCache) {
    this.#records = records;
    this.#heads = heads;
  }

  /** Appends `batch` (one tenant's, in order): one insertMany when the cached head holds. */
  async appendBatch(tenantId: string, batch: PendingAppend[]): Promise<AppendOutcome[]> {
    try {
      return await this.#appendBatch(tenantId, batch);
    } catch (error) {
      this.#heads.delete(tenantId);
      throw error;
    }
  }

  async #appendBatch(tenantId: string, batch: PendingAppend[]): Promise<AppendOutcome[]> {
    const deadline = Date.now() + APPEND_DEADLINE_MS;
    let done: (AppendOutcome | undefined)[] = batch.map(() => undefined);
    let head = this.#heads.get(tenantId) ?? (await this.#readHead(tenantId));
    let stored = new Map<string, SealedRecord>();
    for (let attempt = 0; ; attempt++) {
      const linked = link(tenantId, batch, done, head, stored);
      const inserted = await this.#insert(linked);
      done = linked.outcomes;
      for (let k = 0; k < inserted; k++) {
        const record = linked.records[k] as SealedRecord;
        done[linked.slots[k] as number] = { ok: { record, deduplicated: false } };
      }
      if (inserted === linked.docs.length) {
        this.#heads.set(tenantId, linked.head);
        return done as AppendOutcome[];
      }
      if (Date.now() > deadline)
        throw new SidecarError("unavailable", "audit chain is too contended");
      head = await this.#forward(tenantId, linked.records[inserted - 1] ?? head);
      stored = await this.#storedByKey(tenantId, batch, done);
      if (attempt > 0) await sleep(Math.random() * Math.min(50, 2 ** attempt));
    }
  }

  /** Inserts `linked.docs` in order; answers how many got in (all, or the prefix before a conflict). */
  async #insert(linked: Linked): Promise<number> {
    const { docs } = linked;
    for (let start = 0; start < docs.length; start += INSERT_CHUNK) {
      const chunk = docs.slice(start, start + INSERT_CHUNK);
      try {
        await bounded(this.#records.insertMany(chunk, { ordered: true }));
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        return start + (await this.#storedPrefix(chunk));
      }
    }
    return docs.length;
  }

  /** How many of `docs` (a prefix, as the insert was ordered) are stored exactly as ours. */
  async #storedPrefix(docs: AuditDoc[]): Promise<number> {
    const found = await bounded(
      this.#records
        .find({ _id: { $in: docs.map((d) => d._id) } }, { projection: { record_hash: 1 } })
        .toArray(),
    );
    const hashes = new Map(found.map((d) => [d._id, d.record_hash]));
    let n = 0;
    while (n < docs.length && hashes.get((docs[n] as AuditDoc)._id) === docs[n]?.record_hash) n++;
    return n;
  }

  /** Records already stored under the dedup keys of the unresolved items (one query). */
  async #storedByKey(
    tenantId: string,
    batch: PendingAppend[],
    done: (AppendOutcome | undefined)[],
  ): Promise<Map<string, SealedRecord>> {
    const keys = batch.flatMap((item, i) =>
      done[i] || item.dedupKey === undefined ? [] : [item.dedupKey],
    );
    if (keys.length === 0) return new Map();
    const found = await bounded(
      this.#records.find({ tenant_id: tenantId, dedup_id: { $in: keys.map(dedupId) } }).toArray(),
    );
    return new Map(found.map((doc) => [doc.dedup_id.slice("key:".length), fromDoc(doc)]));
  }

  /** The head after `from`: follow `_id`s a few steps, else ask for the top of the chain. */
  async #forward(tenantId: string, from: ChainHead): Promise<ChainHead> {
    let head = from;
    for (let step = 0; step < MAX_FORWARD_STEPS; step++) {
      const sequence = head.sequence_id + 1;
      const next = await bounded(
        this.#records.findOne(
          { _id: docId(tenantId, sequence) },
          { projection: { record_hash: 1 } },
        ),
      );
      if (next) head = { sequence_id: sequence, record_hash: next.record_hash };
      else if (step > 0 || from.sequence_id > 0) return head;
      else break; // no progress from an empty head: the cache is wrong, or the conflict elsewhere
    }
    return this.#readHead(tenantId);
  }

  async #readHead(tenantId: string): Promise<ChainHead> {
    const last = await bounded(
      this.#records.findOne(
        { tenant_id: tenantId },
        { sort: { sequence_id: -1 }, projection: { sequence_id: 1, record_hash: 1 } },
      ),
    );
    return last
      ? { sequence_id: Number(last.sequence_id), record_hash: last.record_hash }
      : EMPTY_HEAD;
  }
}
