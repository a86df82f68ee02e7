import type { IncomingHttpHeaders, ServerHttp2Stream } from "node:http2";
import {
  create,
  type DescMethodUnary,
  type DescService,
  fromBinary,
  type Message,
  toBinary,
} from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { encodeFrame, FrameDecoder, type FrameFault } from "./framing.js";
import { LeanHandlerContext } from "./handler-context.js";
import { type CallFailure, replyMessage, replyTrailersOnly } from "./server-reply.js";
import { GrpcStatus } from "./status.js";
import { MAX_TIMER_MS, parseGrpcTimeout } from "./timeout.js";

/** One method the lean path serves: descriptors, the metrics label and the bound implementation. */
export interface UnaryRoute {
  readonly service: DescService;
  readonly method: DescMethodUnary;
  /** `package.Service/Method`, the name metrics and logs use. */
  readonly label: string;
  readonly impl: (request: Message, context: HandlerContext) => unknown;
}

/** The policy every call shares: limits and the hooks of the program that serves it. */
export interface CallPolicy {
  readonly maxRequestBytes: number;
  /**
   * Refuses a call from its headers alone (e.g. a missing caller credential), before its body is
   * read or decoded; the refusal is answered trailers-only and counted by `onFinish`.
   */
  readonly admit?: (route: UnaryRoute, headers: IncomingHttpHeaders) => CallFailure | undefined;
  /** Refuses a decoded request before the implementation sees it (e.g. protovalidate). */
  readonly check?: (method: DescMethodUnary, request: Message) => CallFailure | undefined;
  /** Maps anything the implementation (or `check`) threw to the status the client gets. */
  readonly toFailure: (error: unknown, route: UnaryRoute) => CallFailure;
  /** Once per call that got a decoded request, with its final status. Must not throw. */
  readonly onFinish?: (route: UnaryRoute, status: number, startedAtMs: number) => void;
  /** Opens a trace of a decoded call (a tracing span): absent, a call costs nothing for it. */
  readonly trace?: (route: UnaryRoute, headers: IncomingHttpHeaders) => CallTrace;
}

/**
 * One call's trace, kept transport-neutral (this library knows no tracing API): `run` executes
 * the check and the implementation inside it, `end` closes it once with the final gRPC status.
 */
export interface CallTrace {
  run<T>(fn: () => T): T;
  end(status: number): void;
}

/**
 * The state of one unary call. Stream listeners are shared module functions that find the call
 * on the stream under a symbol, so a call costs this object, a decoder and a context — no
 * closures.
 */
class UnaryCall {
  done = false;
  /** performance.now() when the request was decoded; -1 before (such calls are not counted). */
  startedAt = -1;
  timer: NodeJS.Timeout | undefined;
  context: LeanHandlerContext | undefined;
  trace: CallTrace | undefined;
  readonly decoder: FrameDecoder;

  constructor(
    readonly policy: CallPolicy,
    readonly route: UnaryRoute,
    readonly stream: ServerHttp2Stream,
    readonly headers: IncomingHttpHeaders,
    readonly contentType: string,
    readonly deadline: number | undefined,
  ) {
    this.decoder = new FrameDecoder(policy.maxRequestBytes);
  }
}

const CALL = Symbol("lean-grpc.call");
type CallStream = ServerHttp2Stream & { [CALL]?: UnaryCall };

/**
 * Serves one unary gRPC call on a stream the dispatcher accepted: reads exactly one request
 * message, honours `grpc-timeout`, runs `check` and the implementation, and answers with the
 * message and `grpc-status: 0`, or trailers-only on failure. A stream that closes early ends the
 * call quietly (the late result is dropped).
 */
export function serveUnaryCall(
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  contentType: string,
  route: UnaryRoute,
  policy: CallPolicy,
): void {
  stream.on("error", ignore);
  const timeout = headers["grpc-timeout"];
  const timeoutMs = typeof timeout === "string" ? parseGrpcTimeout(timeout) : undefined;
  if (timeout !== undefined && timeoutMs === undefined) {
    stream.resume();
    // grpc-go answers a malformed grpc-timeout with INTERNAL; so do we.
    replyTrailersOnly(stream, contentType, MALFORMED_TIMEOUT);
    return;
  }
  const refusal = policy.admit?.(route, headers);
  if (refusal) {
    stream.resume();
    replyTrailersOnly(stream, contentType, refusal);
    policy.onFinish?.(route, refusal.code, performance.now());
    return;
  }
  const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
  const call = new UnaryCall(policy, route, stream, headers, contentType, deadline);
  (stream as CallStream)[CALL] = call;
  stream.on("data", onData);
  stream.on("end", onEnd);
  stream.on("close", onClose);
  stream.on("wantTrailers", onWantTrailers);
  if (timeoutMs !== undefined && timeoutMs <= MAX_TIMER_MS) {
    call.timer = setTimeout(onDeadline, timeoutMs, call);
  }
}

const MALFORMED_TIMEOUT: CallFailure = {
  code: GrpcStatus.INTERNAL,
  rawMessage: "malformed grpc-timeout",
};

function ignore(): void {}

function onData(this: CallStream, chunk: Buffer): void {
  const call = this[CALL];
  if (!call || call.done) return;
  const fault = call.decoder.push(chunk);
  if (fault) fail(call, faultFailure(call, fault));
  else if (call.decoder.messages.length > 1) fail(call, TOO_MANY);
}

function onEnd(this: CallStream): void {
  const call = this[CALL];
  if (!call || call.done) return;
  const [message, extra] = call.decoder.messages;
  if (call.decoder.partial) fail(call, TRUNCATED);
  else if (!message || extra) fail(call, MISSING);
  else void invoke(call, message);
}

// grpc-java answers a unary call with no request or more than one with INTERNAL; so do we.
const TOO_MANY: CallFailure = {
  code: GrpcStatus.INTERNAL,
  rawMessage: "more than one request message for a unary method",
};
const MISSING: CallFailure = { code: GrpcStatus.INTERNAL, rawMessage: "missing request message" };
const TRUNCATED: CallFailure = {
  code: GrpcStatus.INTERNAL,
  rawMessage: "request stream ended inside a message",
};
// grpc-go answers a request it cannot unmarshal with INTERNAL; so do we.
const UNPARSABLE: CallFailure = {
  code: GrpcStatus.INTERNAL,
  rawMessage: "could not parse the request message",
};

function faultFailure(call: UnaryCall, fault: FrameFault): CallFailure {
  if (fault === "too_large") {
    const rawMessage = `request message larger than ${call.policy.maxRequestBytes} bytes`;
    return { code: GrpcStatus.RESOURCE_EXHAUSTED, rawMessage };
  }
  const encoding = call.headers["grpc-encoding"];
  if (fault === "compressed" && encoding && encoding !== "identity") {
    const rawMessage = `grpc-encoding ${encoding} is not supported (accepts identity)`;
    return { code: GrpcStatus.UNIMPLEMENTED, rawMessage };
  }
  const rawMessage =
    fault === "compressed"
      ? "compressed message without a grpc-encoding"
      : "invalid message flag (neither 0 nor 1)";
  return { code: GrpcStatus.INTERNAL, rawMessage };
}

/** Decodes, checks and runs the implementation; answers unless the call already ended. */
async function invoke(call: UnaryCall, bytes: Uint8Array): Promise<void> {
  const { route, policy } = call;
  let request: Message;
  try {
    request = fromBinary(route.method.input, bytes);
  } catch {
    return fail(call, UNPARSABLE);
  }
  call.startedAt = performance.now();
  call.trace = policy.trace?.(route, call.headers);
  return call.trace ? call.trace.run(() => respond(call, request)) : respond(call, request);
}

/** Runs the check and the implementation on a decoded request, then answers. */
async function respond(call: UnaryCall, request: Message): Promise<void> {
  const { route, policy } = call;
  let reply: Uint8Array;
  try {
    const refusal = policy.check?.(route.method, request);
    if (refusal) return fail(call, refusal);
    call.context = new LeanHandlerContext(call);
    const output = route.method.output;
    reply = toBinary(output, create(output, (await route.impl(request, call.context)) as never));
  } catch (error) {
    return fail(call, failureOf(policy, error, route));
  }
  if (call.done) return;
  finish(call, GrpcStatus.OK);
  replyMessage(call.stream, call.contentType, encodeFrame(reply), call.context);
}

function failureOf(policy: CallPolicy, error: unknown, route: UnaryRoute): CallFailure {
  try {
    return policy.toFailure(error, route);
  } catch {
    return INTERNAL_ERROR;
  }
}

const INTERNAL_ERROR: CallFailure = { code: GrpcStatus.INTERNAL, rawMessage: "internal error" };

function onWantTrailers(this: CallStream): void {
  if (this.destroyed) return;
  const trailers: Record<string, string> = {};
  this[CALL]?.context?.copyResponseTrailer(trailers);
  trailers["grpc-status"] = "0";
  try {
    this.sendTrailers(trailers);
  } catch {
    // A trailer Node refuses on HTTP/2 (set by the implementation): the status still goes out.
    this.sendTrailers({ "grpc-status": "0" });
  }
}

function onDeadline(call: UnaryCall): void {
  if (call.done) return;
  fail(call, DEADLINE);
  call.context?.endEarly(GrpcStatus.DEADLINE_EXCEEDED, DEADLINE.rawMessage);
}

const DEADLINE: CallFailure = {
  code: GrpcStatus.DEADLINE_EXCEEDED,
  rawMessage: "deadline exceeded",
};

function onClose(this: CallStream): void {
  const call = this[CALL];
  this[CALL] = undefined;
  if (!call || call.done) return;
  finish(call, GrpcStatus.CANCELLED);
  call.context?.endEarly(GrpcStatus.CANCELLED, "the client closed the stream");
}

function fail(call: UnaryCall, failure: CallFailure): void {
  if (call.done) return;
  finish(call, failure.code);
  replyTrailersOnly(call.stream, call.contentType, failure, call.context);
}

/** Ends the call once: no more answers, no timer, one metrics record. */
function finish(call: UnaryCall, status: number): void {
  call.done = true;
  if (call.timer) clearTimeout(call.timer);
  if (call.startedAt >= 0) call.policy.onFinish?.(call.route, status, call.startedAt);
  call.trace?.end(status);
}
