import {
  type ClientHttp2Stream,
  constants,
  type IncomingHttpHeaders,
  type IncomingHttpStatusHeader,
} from "node:http2";
import { type DescMessage, fromBinary, type MessageShape } from "@bufbuild/protobuf";
import { FrameDecoder } from "./framing.js";
import { GrpcCallError } from "./grpc-call-error.js";
import { grpcStatusFromHttp, grpcStatusFromRstCode } from "./http-mapping.js";
import { decodeGrpcMessage, GrpcStatus, parseGrpcStatus } from "./status.js";
import { MAX_TIMER_MS } from "./timeout.js";

/** A unary answer with the response headers and trailers as Node delivered them. */
export interface UnaryResult<T> {
  message: T;
  headers: IncomingHttpHeaders;
  /** Empty for a trailers-only answer (its status came in `headers`). */
  trailers: IncomingHttpHeaders;
}

/** How a settled call gives back its connection slot (ref counting for `unref`). */
export interface CallOwner {
  release(): void;
}

/**
 * One unary call on a client stream. Listeners are shared module functions that find the call on
 * the stream under a symbol; the only closure per call is the Promise executor.
 */
class ClientCall {
  settled = false;
  headers: IncomingHttpHeaders | undefined;
  trailers: IncomingHttpHeaders | undefined;
  error: Error | undefined;
  timer: NodeJS.Timeout | undefined;
  readonly decoder: FrameDecoder;

  constructor(
    readonly output: DescMessage,
    readonly withMetadata: boolean,
    readonly owner: CallOwner,
    readonly resolve: (value: unknown) => void,
    readonly reject: (error: GrpcCallError) => void,
    readonly stream: ClientHttp2Stream,
    maxResponseBytes: number,
  ) {
    this.decoder = new FrameDecoder(maxResponseBytes);
  }
}

const CALL = Symbol("lean-grpc.clientCall");
type CallStream = ClientHttp2Stream & { [CALL]?: ClientCall };

/** What `runUnaryCall` needs besides the stream. */
export interface ClientCallSpec {
  output: DescMessage;
  frame: Uint8Array;
  timeoutMs: number | undefined;
  withMetadata: boolean;
  maxResponseBytes: number;
  owner: CallOwner;
}

/**
 * Sends the framed request on an opened stream and settles with the decoded response (or a
 * `UnaryResult` when `withMetadata`), or rejects with a GrpcCallError: the server's status, the
 * HTTP-to-gRPC mapping for a non-gRPC answer, UNAVAILABLE when the connection failed, and
 * DEADLINE_EXCEEDED when `timeoutMs` passes first (the stream is then cancelled).
 */
export function runUnaryCall<O extends DescMessage>(
  stream: ClientHttp2Stream,
  spec: ClientCallSpec & { output: O },
): Promise<MessageShape<O> | UnaryResult<MessageShape<O>>> {
  return new Promise((resolve, reject) => {
    const { output, withMetadata, owner, maxResponseBytes } = spec;
    const settleOk = resolve as (value: unknown) => void;
    const call = new ClientCall(
      output,
      withMetadata,
      owner,
      settleOk,
      reject,
      stream,
      maxResponseBytes,
    );
    (stream as CallStream)[CALL] = call;
    stream.on("response", onResponse);
    stream.on("data", onData);
    stream.on("trailers", onTrailers);
    stream.on("error", onError);
    stream.on("close", onClose);
    const { timeoutMs } = spec;
    if (timeoutMs !== undefined && timeoutMs <= MAX_TIMER_MS) {
      call.timer = setTimeout(onDeadline, Math.max(timeoutMs, 0), call);
    }
    stream.end(spec.frame);
  });
}

function onResponse(
  this: CallStream,
  headers: IncomingHttpHeaders & IncomingHttpStatusHeader,
): void {
  const call = this[CALL];
  if (!call || call.settled) return;
  call.headers = headers;
  const status = headers[":status"] ?? 0;
  const contentType = headers["content-type"] ?? "";
  if (status === 200 && contentType.startsWith("application/grpc")) return;
  // Not a gRPC answer (a proxy, a 404): the spec's HTTP-to-gRPC table decides the status.
  const message = `HTTP ${status} with content-type "${contentType}" is not a gRPC response`;
  rejectCall(call, new GrpcCallError(grpcStatusFromHttp(status), message, metadataOf(call)));
  this.close(constants.NGHTTP2_CANCEL);
}

function onData(this: CallStream, chunk: Buffer): void {
  const call = this[CALL];
  if (!call || call.settled) return;
  const fault = call.decoder.push(chunk);
  if (!fault) return;
  const message =
    fault === "too_large" ? "response message too large" : "invalid response message framing";
  const status = fault === "too_large" ? GrpcStatus.RESOURCE_EXHAUSTED : GrpcStatus.INTERNAL;
  rejectCall(call, new GrpcCallError(status, message, metadataOf(call)));
  this.close(constants.NGHTTP2_CANCEL);
}

function onTrailers(this: CallStream, trailers: IncomingHttpHeaders): void {
  const call = this[CALL];
  if (call) call.trailers = trailers;
}

function onError(this: CallStream, error: Error): void {
  const call = this[CALL];
  if (call) call.error = error;
}

function onDeadline(call: ClientCall): void {
  if (call.settled) return;
  const message = "deadline exceeded";
  rejectCall(call, new GrpcCallError(GrpcStatus.DEADLINE_EXCEEDED, message, metadataOf(call)));
  call.stream.close(constants.NGHTTP2_CANCEL);
}

/** The stream is done: settle from the status (trailers, or headers when trailers-only). */
function onClose(this: CallStream): void {
  const call = this[CALL];
  this[CALL] = undefined;
  if (!call || call.settled) return;
  const outcome = outcomeOf(call, this.rstCode);
  if (outcome instanceof GrpcCallError) rejectCall(call, outcome);
  else settleMessage(call, outcome);
}

/** The one response message of an OK call, or why the call failed. */
function outcomeOf(call: ClientCall, rstCode: number | undefined): Uint8Array | GrpcCallError {
  const source = call.trailers ?? call.headers;
  const status = parseGrpcStatus(source?.["grpc-status"]);
  if (status === undefined) return failureWithoutStatus(call, rstCode);
  if (status !== GrpcStatus.OK) {
    const message = decodeGrpcMessage(String(source?.["grpc-message"] ?? ""));
    return new GrpcCallError(status, message, metadataOf(call));
  }
  const [bytes, extra] = call.decoder.messages;
  if (bytes && !extra && !call.decoder.partial) return bytes;
  const message = bytes ? "more than one response message" : "missing response message";
  return new GrpcCallError(GrpcStatus.INTERNAL, message, metadataOf(call));
}

function settleMessage(call: ClientCall, bytes: Uint8Array): void {
  let message: unknown;
  try {
    message = fromBinary(call.output, bytes);
  } catch (cause) {
    const failure = "could not parse the response message";
    rejectCall(call, new GrpcCallError(GrpcStatus.INTERNAL, failure, metadataOf(call), { cause }));
    return;
  }
  settle(call);
  const headers = call.headers ?? {};
  call.resolve(call.withMetadata ? { message, headers, trailers: call.trailers ?? {} } : message);
}

/** No grpc-status arrived: a reset stream, a dropped connection, or a broken server. */
function failureWithoutStatus(call: ClientCall, rstCode: number | undefined): GrpcCallError {
  const { error } = call;
  const cause = error === undefined ? {} : { cause: error };
  if (isConnectionError(error) || (!call.headers && !rstCode)) {
    const message = `connection failed: ${error?.message ?? "closed before a response"}`;
    return new GrpcCallError(GrpcStatus.UNAVAILABLE, message, {}, cause);
  }
  if (rstCode) {
    const message = `stream reset by the server (HTTP/2 error ${rstCode})`;
    return new GrpcCallError(grpcStatusFromRstCode(rstCode), message, metadataOf(call), cause);
  }
  const message = "response without grpc-status";
  return new GrpcCallError(GrpcStatus.INTERNAL, message, metadataOf(call), cause);
}

/**
 * A failure of the connection rather than of this stream: refused, reset, TLS refused, or the
 * session gone before the stream was sent. A reset of this stream alone is ERR_HTTP2_STREAM_ERROR
 * (its RST code then decides the status).
 */
function isConnectionError(error: Error | undefined): boolean {
  return error !== undefined && (error as { code?: unknown }).code !== "ERR_HTTP2_STREAM_ERROR";
}

function rejectCall(call: ClientCall, error: GrpcCallError): void {
  if (call.settled) return;
  settle(call);
  call.reject(error);
}

function settle(call: ClientCall): void {
  call.settled = true;
  if (call.timer) clearTimeout(call.timer);
  call.owner.release();
}

/** Response headers and trailers as one plain record (trailers win; no pseudo-headers). */
function metadataOf(call: ClientCall): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const source of [call.headers, call.trailers]) {
    for (const name in source) {
      const value = source[name];
      if (name.startsWith(":") || value === undefined) continue;
      metadata[name] = Array.isArray(value) ? value.join(", ") : String(value);
    }
  }
  return metadata;
}
