import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ApiError } from "../../../shared/errors/api-error.js";
import type { BlobMeta, BlobPage, BlobPutOptions, BlobStore } from "../blob-store.js";
import type { ByteRange } from "../byte-range.js";
import { HashingLimiter } from "../hashing-limiter.js";
import { signPresignedUrl } from "../presign-token.js";

/**
 * Each object is one file: a fixed-size JSON header (sha256, content type) then the bytes. One
 * file means one atomic rename publishes data and metadata together.
 */
const HEADER = 1024;
/** Object files end in `~`, a character no path segment may hold, so `a` and `a/b` can coexist. */
const FILE_SUFFIX = "~";

/** Options: where presigned URLs point (a gateway route) and the HMAC key that signs them. */
export interface FsBlobStoreOptions {
  presignKey: Buffer;
  presignBaseUrl: string;
  now?: () => number;
}

/**
 * The embedded blob adapter on the local filesystem (under `CPOD_DATA_DIR`). Uploads stream into
 * `<root>/tmp/<uuid>` and are renamed into place only when complete and verified, so an object
 * is never seen half-written and a failed upload leaves no file. Keys are validated by the
 * service (no `..`, no absolute paths), so joining them under `<root>/objects` cannot escape.
 *
 * @example
 *   const store = new FsBlobStore(".cpod/files", { presignKey, presignBaseUrl });
 */
export class FsBlobStore implements BlobStore {
  readonly #now: () => number;
  constructor(
    private readonly root: string,
    private readonly options: FsBlobStoreOptions,
  ) {
    this.#now = options.now ?? Date.now;
  }

  #file(key: string): string {
    return join(this.root, "objects", ...key.split("/")) + FILE_SUFFIX;
  }

  async put(key: string, body: Readable, options: BlobPutOptions): Promise<BlobMeta> {
    const tmp = join(this.root, "tmp", randomUUID());
    await mkdir(dirname(tmp), { recursive: true });
    const meter = new HashingLimiter(options.maxBytes);
    try {
      await writeFile(tmp, Buffer.alloc(HEADER, 0x20), { flag: "wx", mode: 0o600 });
      await pipeline(body, meter, createWriteStream(tmp, { flags: "r+", start: HEADER }));
      const sha256 = meter.sha256();
      if (options.expectedSha256 && options.expectedSha256 !== sha256)
        throw new ApiError("bad_request", "The body does not match X-Checksum-SHA256");
      await this.#writeHeader(tmp, { sha256, contentType: options.contentType });
      await mkdir(dirname(this.#file(key)), { recursive: true });
      await rename(tmp, this.#file(key));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    return (await this.head(key)) as BlobMeta;
  }

  async #writeHeader(file: string, meta: { sha256: string; contentType: string }): Promise<void> {
    const header = Buffer.alloc(HEADER, 0x20);
    header.write(JSON.stringify(meta));
    const handle = await open(file, "r+");
    try {
      await handle.write(header, 0, HEADER, 0);
    } finally {
      await handle.close();
    }
  }

  async head(key: string): Promise<BlobMeta | null> {
    const handle = await open(this.#file(key), "r").catch(missing);
    if (!handle) return null;
    try {
      return await readMeta(key, handle);
    } finally {
      await handle.close();
    }
  }

  async get(key: string, range?: ByteRange) {
    // One open handle: the header, size and bytes all come from the same file even if a new
    // upload renames over the path meanwhile.
    const handle = await open(this.#file(key), "r").catch(missing);
    if (!handle) return null;
    const meta = await readMeta(key, handle).catch(async (error) => {
      await handle.close();
      throw error;
    });
    if (meta.size === 0) {
      await handle.close();
      return { meta, body: Readable.from([]) };
    }
    const start = HEADER + (range?.start ?? 0);
    const end = HEADER + (range?.end ?? meta.size - 1);
    return { meta, body: createReadStream("", { fd: handle, start, end }) };
  }

  async delete(key: string): Promise<void> {
    await rm(this.#file(key), { force: true });
  }

  async list(prefix: string, after: string | null, limit: number): Promise<BlobPage> {
    const dir = prefix.slice(0, prefix.lastIndexOf("/") + 1);
    const names = (await readdir(join(this.root, "objects", dir), { recursive: true }).catch(
      () => [],
    )) as string[];
    const keys = names
      .filter((n) => n.endsWith(FILE_SUFFIX))
      .map((n) => dir + n.slice(0, -FILE_SUFFIX.length).split(sep).join("/"))
      .filter((k) => k.startsWith(prefix) && (after === null || k > after))
      .sort();
    const metas = await Promise.all(keys.slice(0, limit).map((k) => this.head(k)));
    const items = metas.filter((m): m is BlobMeta => m !== null);
    return { items, next: keys.length > limit ? (keys[limit - 1] ?? null) : null };
  }

  async presign(key: string, method: "GET" | "PUT", expiresIn: number): Promise<string> {
    const expires = Math.floor(this.#now() / 1000) + expiresIn;
    return signPresignedUrl(this.options.presignKey, this.options.presignBaseUrl, {
      method,
      key,
      expires,
    });
  }
}

type Handle = Awaited<ReturnType<typeof open>>;

async function missing(error: NodeJS.ErrnoException): Promise<null> {
  if (error.code === "ENOENT" || error.code === "ENOTDIR") return null;
  throw error;
}

async function readMeta(key: string, handle: Handle): Promise<BlobMeta> {
  const header = Buffer.alloc(HEADER);
  await handle.read(header, 0, HEADER, 0);
  const stat = await handle.stat();
  const { sha256, contentType } = JSON.parse(header.toString("utf8").trimEnd());
  return { key, size: stat.size - HEADER, contentType, sha256, updatedAt: stat.mtime };
}
