/**
 * Runs async tasks one at a time per key, in arrival order. Audit stores queue appends per tenant
 * so one process never races itself for the next sequence id: cross-process contention is then
 * at most one attempt per process, and retries stay rare. Idle keys are dropped, so memory
 * follows the tenants with appends in flight, not every tenant ever seen.
 *
 * @example
 *   const queue = new KeyedQueue();
 *   await queue.run("acme", () => appendOnce());
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `task` after every task queued earlier under `key` has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** How many keys have work queued or running (for tests). */
  get size(): number {
    return this.#tails.size;
  }
}
