import type { AuditEntry, EmitOutcome } from "../sidecar/sidecar-client.js";
import type { DurableAuditQueue } from "./durable-queue.js";

/** What the emitter needs from the sidecar client: one EmitBatch call, one outcome per record. */
export interface AuditSink {
  /** Rejects only when the call itself failed (then nothing is known about any record). */
  emitBatch(entries: AuditEntry[]): Promise<EmitOutcome[]>;
}

/** Options: the sink, the durable queue, and retry pacing (tests shorten it). */
export interface AuditEmitterOptions {
  sink: AuditSink;
  queue: DurableAuditQueue;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  log?: (error: unknown) => void;
  /** EmitBatch calls sent before the first answer is awaited (default 4). */
  maxInFlight?: number;
  /** Most records in one EmitBatch (default 512, the sidecar's limit). */
  maxBatch?: number;
}

/**
 * Step 6 without loss (DESIGN.md §4). Records recorded in one event-loop turn go to the sidecar
 * as one EmitBatch (one round trip, one group commit), up to `maxInFlight` calls at once; while
 * the window is full, new records wait and go together in the next call, so batches grow with
 * load instead of calls piling up. A record the sidecar refuses as invalid is set aside in the
 * rejected file (retrying can never succeed); any other failure switches to the durable queue,
 * and every later record queues behind it until a background drain — in batches, retrying with
 * capped exponential backoff — has delivered the backlog. Failed records are queued in the order
 * they were recorded, ahead of everything recorded later; the request id is the dedup key, so a
 * record sent twice is stored once. Sends and appends run through one promise chain, so "queue
 * is empty, go direct again" cannot race an append.
 *
 * @example
 *   const audit = new AuditEmitter({ sink: sidecar, queue: new DurableAuditQueue(dir) });
 *   audit.record(entry); // never throws, never drops
 */
export class AuditEmitter {
  readonly #opts: Required<Omit<AuditEmitterOptions, "log">> & Pick<AuditEmitterOptions, "log">;

  #chain: Promise<void> = Promise.resolve();
  /** Recorded, not yet sent: the next EmitBatch. */
  #pending: AuditEntry[] = [];
  #flushScheduled = false;
  /** EmitBatch calls sent and not yet answered (the window `maxInFlight` bounds). */
  readonly #inFlight = new Set<Promise<void>>();
  /** Handling of every sent batch's outcomes, in send order (failures are queued in order). */
  #outcomes: Promise<void> = Promise.resolve();
  #backlog = true; // until the queue is known empty (a previous run may have left one)
  #draining: Promise<void> | undefined;
  #closed = false;

  constructor(opts: AuditEmitterOptions) {
    this.#opts = {
      ...opts,
      minBackoffMs: opts.minBackoffMs ?? 100,
      maxBackoffMs: opts.maxBackoffMs ?? 5_000,
      maxInFlight: opts.maxInFlight ?? 4,
      maxBatch: opts.maxBatch ?? 512,
    };
    for (const name of ["maxInFlight", "maxBatch"] as const) {
      const value = this.#opts[name];
      if (!Number.isInteger(value) || value < 1) {
        throw new TypeError(`AuditEmitter: ${name} must be a positive integer`);
      }
    }
    this.#schedule(0);
  }

  /** Queues one record for delivery; failures end up in the durable queue, never thrown. */
  record(entry: AuditEntry): void {
    this.#chain = this.#chain.then(() => this.#deliver(entry)).catch((e) => this.#opts.log?.(e));
  }

  /** Resolves when every record so far is delivered (tests, graceful shutdown). */
  async settled(): Promise<void> {
    for (;;) {
      await this.#chain;
      this.#flush(); // what waits for the end of the turn goes now
      await Promise.all(this.#inFlight);
      await this.#outcomes;
      if (this.#pending.length > 0) continue;
      if (!this.#backlog) return;
      await (this.#draining ?? sleep(20));
    }
  }

  /** Stops retrying; records not delivered stay on disk for the next start. */
  async close(): Promise<void> {
    await this.#chain;
    this.#closed = true;
    do {
      this.#flush();
      await Promise.all(this.#inFlight);
      await this.#outcomes; // records whose EmitBatch failed just now are on disk after this
    } while (this.#pending.length > 0);
  }

  async #deliver(entry: AuditEntry): Promise<void> {
    if (!this.#backlog) {
      this.#pending.push(entry);
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flush());
      }
      return;
    }
    this.#flush(); // records still waiting for their batch are queued ahead of this one
    await this.#outcomes; // earlier records whose EmitBatch failed reach the queue first
    await this.#queueUp([entry]);
  }

  /** Sends pending records, a batch per free slot of the window. */
  #flush(): void {
    this.#flushScheduled = false;
    if (this.#backlog && this.#pending.length > 0) {
      // A batch failed since these were recorded: they go to the queue, behind it, in order.
      const batch = this.#pending;
      this.#pending = [];
      this.#handle(batch, Promise.resolve(batch.map(() => "failed" as const)));
      return;
    }
    while (this.#pending.length > 0 && this.#inFlight.size < this.#opts.maxInFlight) {
      this.#send(this.#pending.splice(0, this.#opts.maxBatch));
    }
  }

  /** Sends one batch without waiting for its answer; answers are handled in send order. */
  #send(batch: AuditEntry[]): void {
    const answered = this.#opts.sink.emitBatch(batch).then(
      (outcomes) => {
        if (batch.some((_, i) => (outcomes[i] ?? "failed") === "failed")) this.#backlog = true;
        return outcomes;
      },
      (error: unknown) => {
        this.#backlog = true; // records recorded from now on queue behind this batch
        this.#opts.log?.(error);
        return batch.map(() => "failed" as const);
      },
    );
    const slot: Promise<void> = answered.then(() => undefined);
    this.#inFlight.add(slot);
    void slot.then(() => {
      this.#inFlight.delete(slot);
      if (this.#pending.length > 0) this.#flush();
    });
    this.#handle(batch, answered);
  }

  /** In send order: rejected records set aside, failed ones queued durably, in recorded order. */
  #handle(batch: AuditEntry[], answered: Promise<readonly EmitOutcome[]>): void {
    this.#outcomes = this.#outcomes
      .then(async () => {
        const outcomes = await answered;
        const failed = batch.filter((_, i) => (outcomes[i] ?? "failed") === "failed");
        if (failed.length > 0) this.#backlog = true; // later records queue from now on
        for (const [i, entry] of batch.entries()) {
          if (outcomes[i] === "rejected") await this.#setAside(entry);
        }
        if (failed.length > 0) await this.#queueUp(failed);
      })
      .catch((e) => this.#opts.log?.(e));
  }

  async #setAside(entry: AuditEntry): Promise<void> {
    this.#opts.log?.(new Error(`audit record ${entry.requestId} refused as invalid; set aside`));
    await this.#opts.queue.reject(entry);
  }

  async #queueUp(entries: AuditEntry[]): Promise<void> {
    this.#backlog = true;
    await this.#opts.queue.appendAll(entries);
    this.#schedule(this.#opts.minBackoffMs);
  }

  #schedule(delayMs: number): void {
    if (this.#closed || this.#draining) return;
    this.#draining = sleep(delayMs)
      .then(() => this.#drain())
      .catch((e) => this.#opts.log?.(e))
      .finally(() => {
        this.#draining = undefined;
      });
  }

  /** Delivers the backlog in order, in batches; on failure waits and retries, doubling the wait. */
  async #drain(): Promise<void> {
    const { minBackoffMs, maxBackoffMs } = this.#opts;
    let delay = minBackoffMs;
    while (!this.#closed) {
      try {
        await this.#drainOnce();
        if (await this.#finishIfEmpty()) return;
        delay = minBackoffMs;
      } catch {
        await sleep(delay);
        delay = Math.min(maxBackoffMs, delay * 2);
      }
    }
  }

  /**
   * One pass over the backlog, a batch at a time: acknowledges the delivered (or set-aside)
   * prefix of each batch and throws at the first record that failed, so the rest is retried in
   * order after the backoff (records after it that did get through are resent: deduplicated).
   */
  async #drainOnce(): Promise<void> {
    const { queue, sink, maxBatch } = this.#opts;
    const entries = (await queue.backlog()).entries;
    for (let i = 0; i < entries.length && !this.#closed; i += maxBatch) {
      const batch = entries.slice(i, i + maxBatch);
      const outcomes = await sink.emitBatch(batch);
      const firstFailed = batch.findIndex((_, j) => (outcomes[j] ?? "failed") === "failed");
      const done = firstFailed === -1 ? batch.length : firstFailed;
      for (const [j, entry] of batch.slice(0, done).entries()) {
        if (outcomes[j] === "rejected") await this.#setAside(entry);
      }
      await queue.ack(done);
      if (firstFailed !== -1) throw new Error("audit backlog: the sidecar stored only part");
    }
  }

  /** Inside the chain, so no append slips between "empty" and "go direct again". */
  async #finishIfEmpty(): Promise<boolean> {
    let done = false;
    const step = this.#chain.then(async () => {
      // No Emit is sent while the backlog is on, so once these are handled no failure can
      // append behind the check below.
      await this.#outcomes;
      if ((await this.#opts.queue.backlog()).entries.length > 0) return;
      await this.#opts.queue.compact();
      this.#backlog = false;
      done = true;
    });
    this.#chain = step.catch((e) => this.#opts.log?.(e));
    await step;
    return done;
  }
}

/** A timer that never keeps the process alive on its own. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
