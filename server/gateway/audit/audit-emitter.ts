import type { AuditEntry, EmitOutcome } from "../sidecar/sidecar-client.js";
import type { DurableAuditQueue } from "./durable-queue.js";

/** What the emitter needs from the sidecar client: one EmitBatch call, one outcome per record. */
export interface AuditSink {
  /** Rejects only when the call itself failed (then nothing is known about any record). */
  emitBatch(entries: AuditEntry[]): Promise<EmitOutcome[]>;
}

/** The first wait before a failed delivery is retried (it doubles up to `maxBackoffMs`). */
export const AUDIT_MIN_BACKOFF_MS = 100;

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
  /**
   * The backlog bound (default 50,000 records): while at least this many records wait in the
   * durable queue, `overBound()` is true and the gateway refuses new API requests with 503.
   */
  maxQueued?: number;
  /** Called once per record the sidecar refused even after repair (set aside, counted). */
  onRejected?: () => void;
}

/**
 * Step 6 without loss (DESIGN.md §4). Records recorded in one event-loop turn go to the sidecar
 * as one EmitBatch (one round trip, one group commit), up to `maxInFlight` calls at once; while
 * the window is full, new records wait and go together in the next call, so batches grow with
 * load instead of calls piling up. Records are repaired before they get here (audit-hook.ts) and
 * the sidecar repairs too, so none is refused for its content; one that still were would be set
 * aside in the rejected file and counted (`onRejected`). Any other failure switches to the
 * durable queue, and every later record queues behind it — the records of a turn in one write —
 * until a background drain, one EmitBatch of up to `maxBatch` records at a time, in order,
 * retrying with capped exponential backoff, has delivered the backlog. Failed records are queued
 * in the order they were recorded, ahead of everything recorded later; each record's dedup key
 * makes a resend harmless. The backlog is bounded: `overBound()` tells the gateway to refuse new
 * work until the drain is under `maxQueued` again (records are never dropped to make room).
 *
 * @example
 *   const audit = new AuditEmitter({ sink: sidecar, queue: new DurableAuditQueue(dir) });
 *   audit.record(entry); // never throws, never drops
 */
export class AuditEmitter {
  readonly #opts: Required<Omit<AuditEmitterOptions, "log" | "onRejected">> &
    Pick<AuditEmitterOptions, "log" | "onRejected">;

  /** Recorded, not yet sent: the next EmitBatch. */
  #pending: AuditEntry[] = [];
  #flushScheduled = false;
  /** EmitBatch calls sent and not yet answered (the window `maxInFlight` bounds). */
  readonly #inFlight = new Set<Promise<void>>();
  /** Handling of every sent batch's outcomes, in send order (failures are queued in order). */
  #outcomes: Promise<void> = Promise.resolve();
  #backlog = true; // until the queue is known empty (a previous run may have left one)
  /** Recorded during a backlog, waiting for the next queue write. */
  #toQueue: AuditEntry[] = [];
  #queueWriteScheduled = false;
  #draining: Promise<void> | undefined;
  #closed = false;

  constructor(opts: AuditEmitterOptions) {
    this.#opts = {
      ...opts,
      minBackoffMs: opts.minBackoffMs ?? AUDIT_MIN_BACKOFF_MS,
      maxBackoffMs: opts.maxBackoffMs ?? 5_000,
      maxInFlight: opts.maxInFlight ?? 4,
      maxBatch: opts.maxBatch ?? 512,
      maxQueued: opts.maxQueued ?? 50_000,
    };
    for (const name of ["maxInFlight", "maxBatch", "maxQueued"] as const) {
      const value = this.#opts[name];
      if (!Number.isInteger(value) || value < 1) {
        throw new TypeError(`AuditEmitter: ${name} must be a positive integer`);
      }
    }
    this.#schedule(0);
  }

  /** Queues one record for delivery; failures end up in the durable queue, never thrown. */
  record(entry: AuditEntry): void {
    this.#deliver(entry);
  }

  /** Resolves when every record so far is delivered (tests, graceful shutdown). */
  async settled(): Promise<void> {
    await Promise.resolve(); // answers that already arrived are noted first (a failure → backlog)
    for (;;) {
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
    this.#closed = true;
    do {
      this.#flush();
      await Promise.all(this.#inFlight);
      await this.#outcomes; // records whose EmitBatch failed just now are on disk after this
    } while (this.#pending.length > 0);
  }

  /**
   * True while the durable backlog holds `maxQueued` records or more: the chain is that far
   * behind, and the gateway refuses new work (503) until the drain brings it under the bound.
   */
  overBound(): boolean {
    return this.#opts.queue.size >= this.#opts.maxQueued;
  }

  /**
   * The records of one turn go together: to the sidecar as one EmitBatch, or — while a backlog
   * exists — to the durable queue as one write and one fsync (not one per record), behind it.
   */
  #deliver(entry: AuditEntry): void {
    this.#pending.push(entry);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  /** Sends pending records, a batch per free slot of the window; during a backlog, queues them. */
  #flush(): void {
    this.#flushScheduled = false;
    if (this.#backlog && this.#pending.length > 0) {
      // A batch failed since these were recorded: they go to the queue, behind it, in order.
      this.#toQueue.push(...this.#pending);
      this.#pending = [];
      this.#scheduleQueueWrite();
      return;
    }
    while (this.#pending.length > 0 && this.#inFlight.size < this.#opts.maxInFlight) {
      this.#send(this.#pending.splice(0, this.#opts.maxBatch));
    }
  }

  /**
   * One queue write for everything recorded since the last one began: while an fsync runs, the
   * records of later turns gather and go in the next write together, so the queue keeps up with
   * any request rate (one write per turn would fall behind at a few hundred turns a second).
   * Chained behind the outcomes of batches sent earlier, so the queue keeps recorded order.
   */
  #scheduleQueueWrite(): void {
    if (this.#queueWriteScheduled) return;
    this.#queueWriteScheduled = true;
    this.#outcomes = this.#outcomes
      .then(async () => {
        this.#queueWriteScheduled = false;
        const entries = this.#toQueue;
        this.#toQueue = [];
        await this.#queueUp(entries);
      })
      .catch((e) => this.#opts.log?.(e));
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

  /** Cannot happen while gateway and sidecar repair with the same rules; counted if it does. */
  async #setAside(entry: AuditEntry): Promise<void> {
    this.#opts.onRejected?.();
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
    for (;;) {
      const batch = await queue.peek(maxBatch);
      if (batch.length === 0 || this.#closed) return;
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

  /**
   * Ends the backlog once the queue is empty and nothing is on its way into it. Records recorded
   * meanwhile go to the queue (the backlog is on), so once every handled outcome has settled,
   * the check and the switch back to direct sends happen in one synchronous step.
   */
  async #finishIfEmpty(): Promise<boolean> {
    this.#flush();
    await Promise.all(this.#inFlight);
    let outcomes: Promise<void>;
    do {
      outcomes = this.#outcomes;
      await outcomes;
    } while (outcomes !== this.#outcomes);
    if (this.#opts.queue.size > 0) return false;
    this.#backlog = false;
    await this.#opts.queue.compact(); // appends queued behind it wait; compact then keeps them
    return true;
  }
}

/** A timer that never keeps the process alive on its own. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
