import type { AuditEntry } from "../sidecar/sidecar-client.js";
import type { DurableAuditQueue } from "./durable-queue.js";

/** What the emitter needs from the sidecar client. */
export interface AuditSink {
  emit(entry: AuditEntry): Promise<void>;
}

/** Options: the sink, the durable queue, and retry pacing (tests shorten it). */
export interface AuditEmitterOptions {
  sink: AuditSink;
  queue: DurableAuditQueue;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  log?: (error: unknown) => void;
  /** A failure retrying cannot fix (the record itself is invalid): set aside, not retried. */
  isRejected?: (error: unknown) => boolean;
}

/**
 * Step 6 without loss (DESIGN.md §4): records go to the sidecar in order; the first failure
 * switches to the durable queue, and every later record queues behind it (so order holds) until
 * a background drain — retrying with capped exponential backoff — has delivered the backlog.
 * All deliveries and appends run through one promise chain, so "queue is empty, go direct again"
 * cannot race an append.
 *
 * @example
 *   const audit = new AuditEmitter({ sink: sidecar, queue: new DurableAuditQueue(dir) });
 *   audit.record(entry); // never throws, never drops
 */
export class AuditEmitter {
  readonly #opts: Required<Omit<AuditEmitterOptions, "log">> & Pick<AuditEmitterOptions, "log">;

  #chain: Promise<void> = Promise.resolve();
  #backlog = true; // until the queue is known empty (a previous run may have left one)
  #draining: Promise<void> | undefined;
  #closed = false;

  constructor(opts: AuditEmitterOptions) {
    this.#opts = {
      ...opts,
      minBackoffMs: opts.minBackoffMs ?? 100,
      maxBackoffMs: opts.maxBackoffMs ?? 5_000,
      isRejected: opts.isRejected ?? (() => false),
    };
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
      if (!this.#backlog) return;
      await (this.#draining ?? new Promise((r) => setTimeout(r, 20)));
    }
  }

  /** Stops retrying; queued records stay on disk for the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#chain;
  }

  async #deliver(entry: AuditEntry): Promise<void> {
    if (!this.#backlog) {
      try {
        await this.#opts.sink.emit(entry);
        return;
      } catch {
        this.#backlog = true;
      }
    }
    await this.#opts.queue.append(entry);
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

  /** Delivers the backlog in order; on failure waits and retries, doubling the wait. */
  async #drain(): Promise<void> {
    const { queue, minBackoffMs, maxBackoffMs } = this.#opts;
    let delay = minBackoffMs;
    while (!this.#closed) {
      try {
        for (const entry of (await queue.backlog()).entries) {
          await this.#emitOrSetAside(entry);
          await queue.ack(1);
        }
        if (await this.#finishIfEmpty()) return;
        delay = minBackoffMs;
      } catch {
        await sleep(delay);
        delay = Math.min(maxBackoffMs, delay * 2);
      }
    }
  }

  /** One queued record: delivered, or kept in the rejected file so one bad record cannot stall
   * the queue forever; connection failures still throw (and are retried). */
  async #emitOrSetAside(entry: AuditEntry): Promise<void> {
    try {
      await this.#opts.sink.emit(entry);
    } catch (error) {
      if (!this.#opts.isRejected(error)) throw error;
      this.#opts.log?.(error);
      await this.#opts.queue.reject(entry);
    }
  }

  /** Inside the chain, so no append slips between "empty" and "go direct again". */
  async #finishIfEmpty(): Promise<boolean> {
    let done = false;
    const step = this.#chain.then(async () => {
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
