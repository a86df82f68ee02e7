import type { RequestBody } from "./http.js";

/** What `files.upload` accepts: bytes (a Node `Buffer` is a `Uint8Array`), text, a `Blob`, or a stream. */
export type UploadSource =
  | Uint8Array
  | ArrayBuffer
  | string
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** Bytes handed to the network so far, and the total when known up front. */
export interface UploadProgress {
  loaded: number;
  total: number | undefined;
}

const CHUNK = 64 * 1024;

const isBlob = (source: UploadSource): source is Blob =>
  typeof Blob !== "undefined" && source instanceof Blob;

/** The bytes to send, backed by a plain `ArrayBuffer` as `fetch` and Web Crypto require. */
function bytesOf(source: Uint8Array | ArrayBuffer | string): Uint8Array<ArrayBuffer> {
  if (typeof source === "string") return new TextEncoder().encode(source);
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (source.buffer instanceof ArrayBuffer) return source as Uint8Array<ArrayBuffer>;
  return new Uint8Array(source); // a view on a SharedArrayBuffer: copy it
}

function chunks(bytes: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + CHUNK));
      offset += CHUNK;
    },
  });
}

function streamOf(source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>) {
  if (source instanceof ReadableStream) return source;
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}

/** Passes chunks through, reporting the running total as the network pulls them. */
function counted(
  stream: ReadableStream<Uint8Array>,
  total: number | undefined,
  onProgress: (progress: UploadProgress) => void,
): ReadableStream<Uint8Array> {
  let loaded = 0;
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        controller.enqueue(chunk);
        loaded += chunk.byteLength;
        onProgress({ loaded, total });
      },
    }),
  );
}

/**
 * The request body of an upload. Bytes, text and Blobs can be re-sent, so their uploads are
 * retried like any call; a stream can be read only once, so a stream upload is sent once and
 * a failure surfaces to the caller (who can reopen the source).
 */
export function uploadBody(
  source: UploadSource,
  contentType: string | undefined,
  onProgress: ((progress: UploadProgress) => void) | undefined,
): { body: RequestBody; bytes: Uint8Array<ArrayBuffer> | undefined } {
  if (isBlob(source)) {
    const type = contentType ?? (source.type || "application/octet-stream");
    const open = () => (onProgress ? counted(source.stream(), source.size, onProgress) : source);
    return { body: { kind: "raw", contentType: type, open, replayable: true }, bytes: undefined };
  }
  if (typeof source === "string" || source instanceof Uint8Array || source instanceof ArrayBuffer) {
    const bytes = bytesOf(source);
    const type =
      contentType ??
      (typeof source === "string" ? "text/plain; charset=utf-8" : "application/octet-stream");
    const open = () => (onProgress ? counted(chunks(bytes), bytes.byteLength, onProgress) : bytes);
    return { body: { kind: "raw", contentType: type, open, replayable: true }, bytes };
  }
  let opened = false;
  const open = () => {
    if (opened) throw new TypeError("a stream upload cannot be sent twice");
    opened = true;
    const stream = streamOf(source);
    return onProgress ? counted(stream, undefined, onProgress) : stream;
  };
  const type = contentType ?? "application/octet-stream";
  return { body: { kind: "raw", contentType: type, open, replayable: false }, bytes: undefined };
}

/** Lowercase hex SHA-256 (Web Crypto), sent as `X-Checksum-SHA256` so a corrupted upload is refused. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
