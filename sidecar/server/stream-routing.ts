import type {
  Http2SecureServer,
  Http2Server,
  IncomingHttpHeaders,
  ServerHttp2Stream,
} from "node:http2";

/** Anything that may take an HTTP/2 stream before the compatibility layer sees it. */
export interface StreamDispatcher {
  /** True when it took the stream; false leaves the stream untouched. */
  handle(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): boolean;
}

type StreamListener = (
  this: unknown,
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  flags: number,
  rawHeaders: string[],
) => void;

/**
 * Lets `dispatcher` take HTTP/2 streams before Node's compatibility layer turns them into
 * request/response objects for connect-node. Node installs that layer as a 'stream' listener the
 * moment a 'request' listener is added (`setupCompat`), and it would answer every stream; so,
 * after the 'request' listener is in place (it also serves HTTP/1.1 when `allowHTTP1` is on, which
 * never emits 'stream'), the compat listener is taken out and called only for the streams the
 * dispatcher leaves, with the same arguments.
 *
 * @example
 *   server.on("request", connectHandler);
 *   offerStreamsFirst(server, lean);
 */
export function offerStreamsFirst(
  server: Http2Server | Http2SecureServer,
  dispatcher: StreamDispatcher,
): void {
  const compat = server.listeners("stream") as StreamListener[];
  if (compat.length === 0) {
    throw new TypeError("offerStreamsFirst: add the 'request' listener before offering streams");
  }
  server.removeAllListeners("stream");
  const offer: StreamListener = function (this: unknown, stream, headers, flags, rawHeaders) {
    if (dispatcher.handle(stream, headers)) return;
    for (const listener of compat) listener.call(this, stream, headers, flags, rawHeaders);
  };
  server.on("stream", offer);
}
