/** Thrown by {@link FairQueue.run} when `maxWaiting` calls already wait: the caller sheds load. */
export class QueueFullError extends Error {
  override readonly name = "QueueFullError";
}

/** One waiting call: started when its turn comes, or refused if a flood pushes it out. */
interface Waiter {
  start(): void;
  refuse(error: QueueFullError): void;
}

/** Where a flow's waiting calls are: started in order, one per turn of that flow. */
type Waiting = Waiter[];

/**
 * Runs at most `limit` calls at once; the rest wait, one queue per flow, and each freed place
 * goes to the next flow in turn (round robin over the flows that have calls waiting). So a
 * flow's burst waits behind itself: a call of another flow, arriving in the middle of it, waits
 * for at most one call of each other waiting flow, not for the whole burst. Flows are whatever
 * the caller names them (the gateway: the credential and the operation).
 *
 * Nothing waits while a place is free, so an idle queue adds no delay; `maxWaiting` bounds what
 * a flood can make it hold. When that many wait, the longest flow gives way: a call of a shorter
 * flow pushes out the newest waiting call of the longest one (refused with
 * {@link QueueFullError}), and a call of the longest flow itself is refused at once — so one
 * flow's flood fills the queue only until another flow needs a place, never locks it out.
 *
 * @example
 *   const queue = new FairQueue({ limit: 8, maxWaiting: 10_000 });
 *   const verdict = await queue.run(`${routeClass} ${token}`, () => sidecar.admit(input));
 */
export class FairQueue {
  readonly limit: number;
  readonly maxWaiting: number;
  #running = 0;
  #waiting = 0;
  /** Only flows with calls waiting, in the order they get their next turn (Map keeps it). */
  readonly #flows = new Map<string, Waiting>();

  constructor(opts: { limit: number; maxWaiting: number }) {
    if (!Number.isInteger(opts.limit) || opts.limit < 1)
      throw new TypeError(`FairQueue: limit must be a positive integer, got ${opts.limit}`);
    if (!Number.isInteger(opts.maxWaiting) || opts.maxWaiting < 0)
      throw new TypeError(`FairQueue: maxWaiting must be an integer ≥ 0, got ${opts.maxWaiting}`);
    this.limit = opts.limit;
    this.maxWaiting = opts.maxWaiting;
  }

  /** Calls running now. */
  get running(): number {
    return this.#running;
  }

  /** Calls waiting for a place. */
  get waiting(): number {
    return this.#waiting;
  }

  /**
   * Runs `work` now if a place is free, else when `flow`'s turn comes (`waited` tells which);
   * settles as `work` does.
   * Rejects with QueueFullError, without running it, when `maxWaiting` calls already wait.
   */
  run<T>(flow: string, work: (waited: boolean) => Promise<T>): Promise<T> {
    if (this.#running < this.limit) return this.#start(work, false);
    if (this.#waiting >= this.maxWaiting && !this.#pushOutFor(flow)) {
      return Promise.reject(new QueueFullError(`${this.#waiting} calls are already waiting`));
    }
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        start: () => void this.#start(work, true).then(resolve, reject),
        refuse: reject,
      };
      const queued = this.#flows.get(flow);
      if (queued) queued.push(waiter);
      else this.#flows.set(flow, [waiter]);
      this.#waiting++;
    });
  }

  /**
   * Makes room for a call of `flow` in a full queue by refusing the newest waiting call of the
   * longest flow; false (nothing refused) when `flow` would itself be the longest.
   */
  #pushOutFor(flow: string): boolean {
    let longest: Waiting | undefined;
    let longestFlow = "";
    for (const [name, queued] of this.#flows) {
      if (!longest || queued.length > longest.length) {
        longest = queued;
        longestFlow = name;
      }
    }
    const own = this.#flows.get(flow)?.length ?? 0;
    if (!longest || own + 1 > longest.length) return false;
    const pushed = longest.pop() as Waiter;
    if (longest.length === 0) this.#flows.delete(longestFlow);
    this.#waiting--;
    pushed.refuse(
      new QueueFullError(`pushed out by another flow: ${this.maxWaiting} calls were waiting`),
    );
    return true;
  }

  #start<T>(work: (waited: boolean) => Promise<T>, waited: boolean): Promise<T> {
    this.#running++;
    let result: Promise<T>;
    try {
      result = work(waited);
    } catch (error) {
      result = Promise.reject(error);
    }
    return result.finally(this.#release);
  }

  readonly #release = (): void => {
    this.#running--;
    if (this.#waiting > 0) this.#nextTurn()(); // the freed place goes to the next turn
  };

  /** Takes the first waiting call of the flow whose turn it is; that flow goes to the back. */
  #nextTurn(): () => void {
    const [flow, queued] = this.#flows.entries().next().value as [string, Waiting];
    const waiter = queued.shift() as Waiter;
    this.#flows.delete(flow);
    if (queued.length > 0) this.#flows.set(flow, queued);
    this.#waiting--;
    return waiter.start;
  }
}
