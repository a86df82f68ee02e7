/** Bytes before each gRPC message: a compressed flag and a big-endian uint32 length. */
export const FRAME_HEADER_BYTES = 5;

/** The default cap on one message (the limit grpc-go and grpc-js apply to received messages). */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * Frames one message as gRPC's length-prefixed message (flag 0: not compressed), in a single
 * buffer so the stream gets one write.
 *
 * @example
 *   stream.end(encodeFrame(toBinary(ReplySchema, reply)));
 */
export function encodeFrame(message: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + message.length);
  frame[0] = 0;
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, FRAME_HEADER_BYTES);
  return frame;
}

/**
 * Why a byte stream is not a valid sequence of uncompressed gRPC messages:
 * `compressed` — a message has the compressed flag set (this decoder never decompresses);
 * `too_large` — a length prefix above the cap (known before its bytes are buffered);
 * `bad_flag` — a flag byte other than 0 or 1.
 */
export type FrameFault = "compressed" | "too_large" | "bad_flag";

/**
 * Splits DATA chunks into gRPC messages, wherever the chunk boundaries fall (a prefix may be cut
 * after any byte). A message that arrives whole inside one chunk is a view of that chunk, not a
 * copy — the common case for a unary call. After a fault it stays failed: callers stop feeding.
 *
 * @example
 *   const decoder = new FrameDecoder();
 *   const fault = decoder.push(chunk);
 *   if (!fault && decoder.messages.length === 1 && !decoder.partial) use(decoder.messages[0]);
 */
export class FrameDecoder {
  /** Every complete message seen so far, in order. */
  readonly messages: Uint8Array[] = [];
  readonly #maxMessageBytes: number;
  #fault: FrameFault | undefined;
  /** Bytes of the current prefix read so far (0–5), its flag and its length. */
  #headerRead = 0;
  #flag = 0;
  #length = 0;
  /** The message being assembled across chunks, and how much of it is filled. */
  #body: Uint8Array | undefined;
  #bodyRead = 0;

  constructor(maxMessageBytes: number = DEFAULT_MAX_MESSAGE_BYTES) {
    if (!(maxMessageBytes >= 0)) throw new TypeError("FrameDecoder: maxMessageBytes must be >= 0");
    this.#maxMessageBytes = maxMessageBytes;
  }

  /** True when the bytes so far end inside a message (at end of stream: a truncated message). */
  get partial(): boolean {
    return this.#headerRead > 0 || this.#body !== undefined;
  }

  /** Feeds one chunk; returns the fault that stops decoding, or undefined. */
  push(chunk: Uint8Array): FrameFault | undefined {
    let offset = 0;
    while (offset < chunk.length && this.#fault === undefined) {
      offset = this.#body ? this.#fill(chunk, offset) : this.#readHeader(chunk, offset);
    }
    return this.#fault;
  }

  /** Reads prefix bytes; once the prefix is whole, takes the message or starts assembling it. */
  #readHeader(chunk: Uint8Array, offset: number): number {
    let at = offset;
    while (this.#headerRead < FRAME_HEADER_BYTES && at < chunk.length) {
      const byte = chunk[at++] as number;
      if (this.#headerRead++ === 0) this.#flag = byte;
      else this.#length = this.#length * 256 + byte;
    }
    if (this.#headerRead < FRAME_HEADER_BYTES) return at;
    this.#fault = this.#check();
    if (this.#fault) return at;
    const end = at + this.#length;
    if (end <= chunk.length) {
      this.#emit(chunk.subarray(at, end));
      return end;
    }
    this.#body = new Uint8Array(this.#length);
    this.#bodyRead = 0;
    return at;
  }

  #check(): FrameFault | undefined {
    if (this.#flag === 1) return "compressed";
    if (this.#flag !== 0) return "bad_flag";
    if (this.#length > this.#maxMessageBytes) return "too_large";
    return undefined;
  }

  /** Copies as much of the assembling message as this chunk holds. */
  #fill(chunk: Uint8Array, offset: number): number {
    const body = this.#body as Uint8Array;
    const take = Math.min(body.length - this.#bodyRead, chunk.length - offset);
    body.set(chunk.subarray(offset, offset + take), this.#bodyRead);
    this.#bodyRead += take;
    if (this.#bodyRead === body.length) this.#emit(body);
    return offset + take;
  }

  #emit(message: Uint8Array): void {
    this.messages.push(message);
    this.#headerRead = 0;
    this.#length = 0;
    this.#body = undefined;
  }
}
