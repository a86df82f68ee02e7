import { mkdir, open, readFile, rename } from "node:fs/promises";
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
 * line fsync'd before `append` resolves) plus a cursor file counting the lines already delivered
 * (written to a temp file, fsync'd, renamed — so a crash leaves the old or the new count, never
 * half of one). Redelivering a line after a crash is harmless: Emit deduplicates on the request
 * id. When every line is delivered both files are reset, so the file does not grow forever.
 *
 * @example
 *   const queue = new DurableAuditQueue(".cpod/gateway");
 *   await queue.append(entry);
 *   for (const e of (await queue.backlog()).entries) { await emit(e); await queue.ack(1); }
 */
export class DurableAuditQueue {
  readonly #dir: string;
  readonly #file: string;
  readonly #cursorFile: string;

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
  async appendAll(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await mkdir(this.#dir, { recursive: true });
    const text = entries.map((entry) => `${JSON.stringify(entry)}\n`).join("");
    await writeDurably(this.#file, text, "a");
  }

  /** The undelivered entries, oldest first (a torn last line from a crash is skipped). */
  async backlog(): Promise<Backlog> {
    const lines = await this.#lines();
    const delivered = await this.#delivered();
    const entries = lines.slice(delivered).map((line) => JSON.parse(line) as AuditEntry);
    return { entries };
  }

  /** Marks the next `count` undelivered entries delivered. */
  async ack(count: number): Promise<void> {
    const next = (await this.#delivered()) + count;
    const tmp = `${this.#cursorFile}.tmp`;
    await writeDurably(tmp, String(next), "w");
    await rename(tmp, this.#cursorFile);
  }

  /** Sets a record the sidecar refused as invalid aside (`audit-rejected.jsonl`) for an operator. */
  async reject(entry: AuditEntry): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    await writeDurably(join(this.#dir, "audit-rejected.jsonl"), `${JSON.stringify(entry)}\n`, "a");
  }

  /** How many entries wait, without parsing them (the metrics gauge reads this per scrape). */
  async depth(): Promise<number> {
    return Math.max(0, (await this.#lines()).length - (await this.#delivered()));
  }

  /** Resets both files when everything is delivered; the caller guarantees no append races it. */
  async compact(): Promise<void> {
    const lines = (await this.#lines()).length;
    const delivered = await this.#delivered();
    if (lines === 0 || lines > delivered) return;
    // Cursor first: a crash between the two steps redelivers (deduplicated), never skips.
    await this.ack(-delivered);
    await writeDurably(this.#file, "", "w");
  }

  async #lines(): Promise<string[]> {
    const text = await readFile(this.#file, "utf8").catch(() => "");
    const lines = text.split("\n");
    lines.pop(); // "" after the last newline, or a torn line without one
    return lines;
  }

  async #delivered(): Promise<number> {
    const text = await readFile(this.#cursorFile, "utf8").catch(() => "0");
    return Number.parseInt(text, 10) || 0;
  }
}
