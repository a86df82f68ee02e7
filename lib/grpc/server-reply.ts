import type { OutgoingHttpHeaders, ServerHttp2Stream } from "node:http2";
import type { LeanHandlerContext } from "./handler-context.js";
import { encodeGrpcMessage, GrpcStatus } from "./status.js";

/** A failed call as the wire needs it; a connect `ConnectError` has exactly this shape. */
export interface CallFailure {
  readonly code: number;
  readonly rawMessage: string;
  readonly metadata?: Headers;
}

/**
 * Answers a call with a trailers-only response: HTTP 200 and one HEADERS frame (END_STREAM) with
 * `grpc-status`, `grpc-message` (percent-encoded), the failure's metadata and whatever headers
 * and trailers the implementation set. Writes nothing once the stream is gone or answered.
 *
 * @example
 *   replyTrailersOnly(stream, "application/grpc", { code: 12, rawMessage: "unknown method" });
 */
export function replyTrailersOnly(
  stream: ServerHttp2Stream,
  contentType: string,
  failure: CallFailure,
  context?: LeanHandlerContext,
): void {
  if (stream.destroyed || stream.closed || stream.headersSent) return;
  const headers: OutgoingHttpHeaders = {};
  context?.copyResponseHeader(headers);
  context?.copyResponseTrailer(headers);
  if (failure.metadata) for (const [name, value] of failure.metadata) headers[name] = value;
  try {
    stream.respond(withStatus(headers, contentType, failure), { endStream: true });
  } catch {
    // Metadata Node refuses on HTTP/2 (a connection-specific header): send the status alone.
    stream.respond(withStatus({}, contentType, failure), { endStream: true });
  }
}

function withStatus(
  headers: OutgoingHttpHeaders,
  contentType: string,
  failure: CallFailure,
): OutgoingHttpHeaders {
  headers[":status"] = 200;
  headers["content-type"] = contentType;
  headers["grpc-accept-encoding"] = "identity";
  headers["grpc-status"] = String(failure.code);
  headers["grpc-message"] = encodeGrpcMessage(failure.rawMessage);
  return headers;
}

/**
 * Sends a successful unary answer: response headers, the one framed message, then (on Node's
 * 'wantTrailers') `grpc-status: 0` plus the implementation's trailers.
 */
export function replyMessage(
  stream: ServerHttp2Stream,
  contentType: string,
  frame: Uint8Array,
  context: LeanHandlerContext | undefined,
): void {
  if (stream.destroyed || stream.closed || stream.headersSent) return;
  const headers: OutgoingHttpHeaders = {};
  context?.copyResponseHeader(headers);
  headers[":status"] = 200;
  headers["content-type"] = contentType;
  headers["grpc-accept-encoding"] = "identity";
  try {
    stream.respond(headers, { waitForTrailers: true });
  } catch {
    // The implementation set a header Node refuses on HTTP/2: a server bug, not the caller's.
    stream.respond(withStatus({}, contentType, INVALID_HEADER), { endStream: true });
    return;
  }
  stream.end(frame);
}

const INVALID_HEADER: CallFailure = { code: GrpcStatus.INTERNAL, rawMessage: "internal error" };
