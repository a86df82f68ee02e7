import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { ApiError } from "../../shared/errors/api-error.js";

/**
 * A pass-through that hashes (SHA-256) and counts bytes as they stream by, and fails the
 * pipeline with `payload_too_large` the moment the count passes `maxBytes`. Doing both while
 * streaming is what lets uploads of any size run in constant memory: nothing waits for the end
 * of the body to learn its size or checksum.
 *
 * @example
 *   const meter = new HashingLimiter(100 * 2 ** 20);
 *   await pipeline(body, meter, sink);
 *   meter.sha256(); // hex
 */
export class HashingLimiter extends Transform {
  readonly #hash: Hash = createHash("sha256");
  #bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#bytes += chunk.length;
    if (this.#bytes > this.maxBytes) {
      done(new ApiError("payload_too_large", `The upload exceeds ${this.maxBytes} bytes`));
      return;
    }
    this.#hash.update(chunk);
    done(null, chunk);
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The hex digest; call once, after the stream finished. */
  sha256(): string {
    return this.#hash.digest("hex");
  }
}
