import { mkdir, open, readFile, rename, truncate } from "node:fs/promises";
import { join } from "node:path";
import type { AuditEntry } from "../sidecar/sidecar-client.js";

/** The undelivered entries, oldest first. */
export interface Backlog {
  entries: AuditEntry[];
}

async function writeDurably(path: string, text: string, flag: "a" | "w"): Promise<void> {
  const handle = await open(path, flag, 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The gateway's durable audit backlog: an append-only JSONL file (`audit-queue.jsonl`, each
 * append fsync'd before it resolves) plus a cursor file counting the lines already delivered
 * (written to a temp file, fsync'd, renamed — so a crash leaves the old or the new count, never
 * half of one). Redelivering a line after a crash is harmless: Emit deduplicates on the record's
 * dedup key. When every line is delivered both files are reset, so the file does not grow forever.
 *
 * The undelivered entries are also kept in memory (read from disk once, on first use), so a drain
 * pass, the depth gauge and the backlog bound never re-read and re-parse the file. Writes run one
 * at a time in call order, so lines land in the order `appendAll` was called.
 *
 * @example
 *   const queue = new DurableAuditQueue(".cpod/gateway");
 *   await queue.appendAll(entries);
 *   const batch = await queue.peek(512); await emit(batch); await queue.ack(batch.length);
 */
export class DurableAuditQueue {
  readonly #dir: string;
  readonly #file: string;
  readonly #cursorFile: string;
  /** Undelivered entries, oldest first; undefined until loaded. */
  #entries: AuditEntry[] | undefined;
  #delivered = 0;
  #lines = 0;
  #loading: Promise<AuditEntry[]> | undefined;
  #writes: Promise<unknown> = Promise.resolve();

  constructor(dir: string) {
    this.#dir = dir;
    this.#file = join(dir, "audit-queue.jsonl");
    this.#cursorFile = join(dir, "audit-queue.delivered");
  }

  /** Appends one entry; resolves once it is on disk. */
  async append(entry: AuditEntry): Promise<void> {
    await this.appendAll([entry]);
  }

  /** Appends entries in order with one write and one fsync; resolves once they are on disk. */
  appendAll(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return this.#serial(async () => {
      const memory = await this.#load();
      await mkdir(this.#dir, { recursive: true });
      const text = entries.map((entry) => `${JSON.stringify(entry)}\n`).join("");
      await writeDurably(this.#file, text, "a");
      memory.push(...entries);
      this.#lines += entries.length;
    });
  }

  /** The undelivered entries, oldest first (a torn last line from a crash is skipped). */
  async backlog(): Promise<Backlog> {
    return { entries: [...(await this.#load())] };
  }

  /** The oldest `count` undelivered entries (fewer when fewer wait), without removing them. */
  async peek(count: number): Promise<AuditEntry[]> {
    return (await this.#load()).slice(0, count);
  }

  /** Marks the next `count` undelivered entries delivered. */
  ack(count: number): Promise<void> {
    return this.#serial(async () => {
      const memory = await this.#load();
      const take = Math.min(count, memory.length);
      await this.#writeCursor(this.#delivered + take);
      memory.splice(0, take);
    });
  }

  /** Sets a record the sidecar refused as invalid aside (`audit-rejected.jsonl`) for an operator. */
  async reject(entry: AuditEntry): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    await writeDurably(join(this.#dir, "audit-rejected.jsonl"), `${JSON.stringify(entry)}\n`, "a");
  }

  /** How many entries wait. */
  async depth(): Promise<number> {
    return (await this.#load()).length;
  }

  /** How many entries wait, as last known (0 before the first load); for per-request checks. */
  get size(): number {
    return this.#entries?.length ?? 0;
  }

  /** The oldest waiting entry's timestamp (when it was recorded), if any. */
  get oldestTimestamp(): string | undefined {
    return this.#entries?.[0]?.timestamp;
  }

  /** Resets both files when everything is delivered; appends wait for it, so none is lost. */
  compact(): Promise<void> {
    return this.#serial(async () => {
      const memory = await this.#load();
      if (this.#lines === 0 || memory.length > 0) return;
      // Cursor first: a crash between the two steps redelivers (deduplicated), never skips.
      await this.#writeCursor(0);
      await writeDurably(this.#file, "", "w");
      this.#lines = 0;
    });
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#writes.then(work);
    this.#writes = run.catch(() => undefined);
    return run;
  }

  async #writeCursor(next: number): Promise<void> {
    const tmp = `${this.#cursorFile}.tmp`;
    await writeDurably(tmp, String(next), "w");
    await rename(tmp, this.#cursorFile);
    this.#delivered = next;
  }

  #load(): Promise<AuditEntry[]> {
    if (this.#entries) return Promise.resolve(this.#entries);
    this.#loading ??= this.#read().catch((error: unknown) => {
      this.#loading = undefined;
      throw error;
    });
    return this.#loading;
  }

  async #read(): Promise<AuditEntry[]> {
    const text = await readFile(this.#file, "utf8").catch(() => "");
    const lines = text.split("\n");
    const torn = lines.pop(); // "" after the last newline, or a torn line without one
    // Cut a torn line off, or the next append would glue a record onto it.
    if (torn) await truncate(this.#file, Buffer.byteLength(text) - Buffer.byteLength(torn));
    const cursor = await readFile(this.#cursorFile, "utf8").catch(() => "0");
    this.#delivered = Math.min(Number.parseInt(cursor, 10) || 0, lines.length);
    this.#lines = lines.length;
    this.#entries = lines.slice(this.#delivered).map((line) => JSON.parse(line) as AuditEntry);
    return this.#entries;
  }
}
