import type { AppendResult, RecordBuilder } from "./audit-store.js";
import { KeyedQueue } from "./keyed-queue.js";

/** One `append` call waiting for its tenant's next write. */
export interface PendingAppend {
  build: RecordBuilder;
  dedupKey: string | undefined;
}

/** What one pending append came to: its result, or its own error. */
export type AppendOutcome = { ok: AppendResult } | { error: unknown };

/** Writes a batch of one tenant's appends, in order; answers one outcome per item. */
export type BatchWriter = (tenantId: string, batch: PendingAppend[]) => Promise<AppendOutcome[]>;

interface Waiting extends PendingAppend {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit for audit stores: appends of a tenant that arrive while that tenant's previous
 * write runs wait, and are handed to the writer together (at most `maxBatch` at a time), in
 * arrival order. One write per tenant runs at a time, so a process never races itself for the
 * next sequence id. If the writer throws, every append of that batch fails with the error.
 *
 * @example
 *   const commits = new GroupCommit((tenant, batch) => writeAll(tenant, batch));
 *   await commits.append("acme", build, "req-1");
 */
export class GroupCommit {
  readonly #queue = new KeyedQueue();
  readonly #waiting = new Map<string, Waiting[]>();

  constructor(
    private readonly write: BatchWriter,
    private readonly maxBatch = 256,
  ) {}

  append(tenantId: string, build: RecordBuilder, dedupKey?: string): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      const item = { build, dedupKey, resolve, reject };
      const waiting = this.#waiting.get(tenantId);
      if (waiting) {
        waiting.push(item);
        return;
      }
      this.#waiting.set(tenantId, [item]);
      void this.#queue.run(tenantId, () => this.#flush(tenantId));
    });
  }

  async #flush(tenantId: string): Promise<void> {
    const waiting = this.#waiting.get(tenantId) ?? [];
    this.#waiting.delete(tenantId);
    for (let i = 0; i < waiting.length; i += this.maxBatch) {
      const batch = waiting.slice(i, i + this.maxBatch);
      try {
        const outcomes = await this.write(tenantId, batch);
        for (const [j, outcome] of outcomes.entries()) {
          const item = batch[j] as Waiting;
          if ("ok" in outcome) item.resolve(outcome.ok);
          else item.reject(outcome.error);
        }
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
  }
}
