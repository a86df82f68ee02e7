import { ApiError } from "../../shared/errors/api-error.js";

interface Job {
  run: () => void;
}

/**
 * Runs secret verifications (Argon2, on libuv's threadpool) at most `concurrency` at a time, so
 * a flood never takes every threadpool thread from token signing (WebCrypto also runs there), and
 * in a fair order: jobs from trusted address/client pairs first, the rest round-robin by source
 * address, so one noisy address waits behind itself rather than in front of everyone.
 *
 * @example
 *   const ok = await scheduler.run({ priority: false, lane: address }, () => verify(hash, secret));
 */
export class VerificationScheduler {
  readonly #priority: Job[] = [];
  readonly #lanes = new Map<string, Job[]>();
  #running = 0;
  #queued = 0;

  constructor(
    private readonly concurrency: number,
    private readonly maxQueued = 2_000,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new TypeError("VerificationScheduler: concurrency must be a positive integer");
    }
  }

  run<T>(where: { priority: boolean; lane: string }, task: () => Promise<T>): Promise<T> {
    if (this.#queued >= this.maxQueued) {
      return Promise.reject(
        new ApiError("unavailable", "Too many authentications in progress; retry shortly.", {
          headers: { "retry-after": "1" },
        }),
      );
    }
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        run: () => {
          this.#running += 1;
          task()
            .then(resolve, reject)
            .finally(() => {
              this.#running -= 1;
              this.#next();
            });
        },
      };
      this.#enqueue(job, where);
      this.#next();
    });
  }

  #enqueue(job: Job, where: { priority: boolean; lane: string }): void {
    this.#queued += 1;
    if (where.priority) {
      this.#priority.push(job);
      return;
    }
    const lane = this.#lanes.get(where.lane);
    if (lane) lane.push(job);
    else this.#lanes.set(where.lane, [job]);
  }

  /** Starts queued jobs while slots are free: priority first, then one per lane in turn. */
  #next(): void {
    while (this.#running < this.concurrency) {
      const job = this.#priority.shift() ?? this.#fromLanes();
      if (!job) return;
      this.#queued -= 1;
      job.run();
    }
  }

  #fromLanes(): Job | undefined {
    for (const [name, lane] of this.#lanes) {
      const job = lane.shift();
      this.#lanes.delete(name); // moved to the back (or dropped when empty): round-robin
      if (lane.length > 0) this.#lanes.set(name, lane);
      if (job) return job;
    }
    return undefined;
  }
}
