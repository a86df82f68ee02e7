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
  /** Emits sent before the first answer is awaited (default 32); 1 makes delivery strictly serial. */
  maxInFlight?: number;
}

/**
 * Step 6 without loss (DESIGN.md §4): records go to the sidecar in order, up to `maxInFlight`
 * at once — one Emit round trip per record, awaited one by one, capped the gateway at about
 * 1/RTT audited requests per second and gave the sidecar nothing to write together. The first
 * failure switches to the durable queue, and every later record queues behind it until a
 * background drain — retrying with capped exponential backoff — has delivered the backlog.
 * Records in flight when the sidecar fails are queued in the order they were recorded, ahead of
 * everything recorded later. Sends and appends run through one promise chain, so "queue is
 * empty, go direct again" cannot race an append.
 *
 * @example
 *   const audit = new AuditEmitter({ sink: sidecar, queue: new DurableAuditQueue(dir) });
 *   audit.record(entry); // never throws, never drops
 */
export class AuditEmitter {
  readonly #opts: Required<Omit<AuditEmitterOptions, "log">> & Pick<AuditEmitterOptions, "log">;

  #chain: Promise<void> = Promise.resolve();
  /** Emits sent and not yet answered (the window `maxInFlight` bounds). */
  readonly #inFlight = new Set<Promise<boolean>>();
  /** Handling of every sent Emit's answer, in send order (a failure queues the record). */
  #outcomes: Promise<void> = Promise.resolve();
  #backlog = true; // until the queue is known empty (a previous run may have left one)
  #draining: Promise<void> | undefined;
  #closed = false;

  constructor(opts: AuditEmitterOptions) {
    this.#opts = {
      ...opts,
      minBackoffMs: opts.minBackoffMs ?? 100,
      maxBackoffMs: opts.maxBackoffMs ?? 5_000,
      isRejected: opts.isRejected ?? (() => false),
      maxInFlight: opts.maxInFlight ?? 32,
    };
    if (!Number.isInteger(this.#opts.maxInFlight) || this.#opts.maxInFlight < 1) {
      throw new TypeError("AuditEmitter: maxInFlight must be a positive integer");
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
      await this.#outcomes;
      if (!this.#backlog) return;
      await (this.#draining ?? new Promise((r) => setTimeout(r, 20)));
    }
  }

  /** Stops retrying; queued records stay on disk for the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#chain;
    await this.#outcomes; // records whose Emit failed just now are on disk after this
  }

  async #deliver(entry: AuditEntry): Promise<void> {
    while (!this.#backlog && this.#inFlight.size >= this.#opts.maxInFlight) {
      await Promise.race(this.#inFlight);
    }
    if (!this.#backlog) return this.#send(entry);
    await this.#outcomes; // earlier records whose Emit failed reach the queue first
    await this.#queueUp(entry);
  }

  /**
   * Sends without waiting for the answer. Answers are handled in send order (`#outcomes`), so
   * records whose Emit failed are queued in the order they were recorded.
   */
  #send(entry: AuditEntry): void {
    const delivered: Promise<boolean> = this.#opts.sink.emit(entry).then(
      () => true,
      () => {
        this.#backlog = true; // later records queue from now on
        return false;
      },
    );
    this.#inFlight.add(delivered);
    void delivered.then(() => this.#inFlight.delete(delivered));
    this.#outcomes = this.#outcomes
      .then(async () => {
        if (!(await delivered)) await this.#queueUp(entry);
      })
      .catch((e) => this.#opts.log?.(e));
  }

  async #queueUp(entry: AuditEntry): Promise<void> {
    this.#backlog = true;
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
