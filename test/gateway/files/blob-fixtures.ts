// Shared pieces of the BlobStore conformance suite: generated streams (never held in memory),
// draining helpers, an RSS sampler and the per-adapter context.
import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { BlobStore, FileService } from "../../../server/gateway/files/index.js";
import type { Scope } from "../../../server/gateway/kv/index.js";

/** What an adapter's opener hands the suite. */
export interface OpenedBlobStore {
  store: BlobStore;
  /** Staging/temp leftovers the adapter could leave behind (must be empty after any put). */
  leftovers: () => Promise<string[]>;
  /** Removes what the suite wrote; gets the suite's tenants. */
  cleanup: (tenants: string[]) => Promise<void>;
  /**
   * Capability flag: `a` and `a/b` can both be objects *and be listed*. True on S3 and FS;
   * MinIO's single-drive backend stores both but its listing does not descend below `a`.
   */
  fileAndFolderListed: boolean;
}
export type OpenBlobStore = () => Promise<OpenedBlobStore>;

/** The mutable context the suite's `it`s share. */
export interface BlobCtx {
  opened: OpenedBlobStore;
  files: FileService;
  scope: Scope;
  other: Scope;
}

/** A fresh tenant per run, so runs against a shared MinIO bucket never see each other. */
export function freshScope(): Scope {
  return { tenantId: `ten_${randomUUID().slice(0, 8)}`, tier: "private", appId: "app_1" };
}

/** `size` deterministic bytes in 64 KiB chunks, generated on demand; `sha256()` after the end. */
export function generated(size: number, chunkSize = 64 * 1024) {
  const hash = createHash("sha256");
  const block = Buffer.alloc(chunkSize);
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const n = Math.min(chunkSize, size - sent);
      const chunk = Buffer.from(block.subarray(0, n).fill(sent % 251));
      sent += n;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.copy().digest("hex") };
}

/** A body that sends `bytes` then fails, like a client dropping the connection mid-upload. */
export function interrupted(bytes: number): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.alloc(bytes, 7));
      } else setTimeout(() => this.destroy(new Error("client went away")), 20);
    },
  });
}

/** Reads a small stream whole (test bodies only). */
export async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString("utf8");
}

/** Streams through a hash without holding the bytes. */
export async function sha256Of(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const c of stream) {
    hash.update(c);
    size += (c as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}

/** Runs `work` while sampling RSS every 20 ms; answers the peak growth in MiB. */
export async function peakRssGrowth(work: () => Promise<unknown>): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  return (peak - base) / 2 ** 20;
}
