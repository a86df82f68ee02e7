/** Writes several items with one statement; throws if any of them is refused. */
export type CombinedWriter<T> = (items: T[]) => Promise<void>;

interface Waiting<T> {
  item: T;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit across keys: items submitted while a write runs go together into the next one
 * (up to `maxItems` at a time), so one statement carries the work that would have been many. It
 * exists for the audit store's many-tenant case: with one tenant's batch per statement, 64
 * appends spread over 100 tenants cost 64 statements, each mostly fixed cost.
 *
 * Each item still gets the outcome it would have had alone: when a write of several items
 * fails, each is written again on its own, so one item's conflict never fails its neighbours.
 * One write runs at a time.
 *
 * @example
 *   const inserts = new WriteCombiner((rowSets) => insertAll(rowSets.flat()));
 *   await inserts.submit(rows); // resolves once written; rejects with this item's own error
 */
export class WriteCombiner<T> {
  #pending: Waiting<T>[] = [];
  #running = false;

  constructor(
    private readonly write: CombinedWriter<T>,
    private readonly maxItems = 64,
  ) {
    if (!Number.isInteger(maxItems) || maxItems < 1)
      throw new TypeError("WriteCombiner: maxItems must be a positive integer");
  }

  submit(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    while (this.#pending.length > 0) {
      const group = this.#pending.splice(0, this.maxItems);
      await this.#writeGroup(group);
    }
    this.#running = false;
  }

  async #writeGroup(group: Waiting<T>[]): Promise<void> {
    try {
      await this.write(group.map((w) => w.item));
      for (const w of group) w.resolve();
      return;
    } catch (error) {
      if (group.length === 1) return (group[0] as Waiting<T>).reject(error);
    }
    for (const w of group) {
      await this.write([w.item]).then(w.resolve, w.reject);
    }
  }
}
