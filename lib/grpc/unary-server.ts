import type { IncomingHttpHeaders, ServerHttp2Stream } from "node:http2";
import type { DescMethodUnary, DescService } from "@bufbuild/protobuf";
import { ConnectError } from "@connectrpc/connect";
import { DEFAULT_MAX_MESSAGE_BYTES } from "./framing.js";
import { type CallPolicy, serveUnaryCall, type UnaryRoute } from "./server-call.js";
import { type CallFailure, replyTrailersOnly } from "./server-reply.js";
import { GrpcStatus } from "./status.js";

/** How to build a lean unary gRPC dispatcher. */
export interface UnaryServerOptions {
  /**
   * Every service the server serves, with its implementation object (connect `ServiceImpl`
   * shape: one function per method, by `localName`) — the same pairs connect-node gets.
   */
  services: Iterable<readonly [DescService, object]>;
  /** `package.Service/Method` names to serve here; names the services lack are ignored. */
  methods: Iterable<string>;
  /** Largest request message accepted; above it the call gets RESOURCE_EXHAUSTED. 4 MiB. */
  maxRequestBytes?: number;
  /** Refuses a call from its headers before its body is read (e.g. a caller credential). */
  admit?: CallPolicy["admit"];
  /** Refuses a decoded request before the implementation sees it (e.g. protovalidate). */
  check?: CallPolicy["check"];
  /**
   * Maps a thrown error to the status sent. Default: a ConnectError as it is (its code is the
   * gRPC status), anything else INTERNAL "internal error" with no internals.
   */
  toFailure?: CallPolicy["toFailure"];
  /** Called once per call that got a decoded request, with its final status (metrics). */
  onFinish?: CallPolicy["onFinish"];
  /** Traces each decoded call (see CallTrace); absent, nothing is traced. */
  trace?: CallPolicy["trace"];
}

/**
 * A standard gRPC unary server for the per-request hot path, built directly on node:http2
 * streams: connect-node's per-call machinery (linked AbortControllers, a ConnectError per close,
 * three Headers) made each call 7–9× a raw HTTP/2 echo. It takes a stream when the request is
 * gRPC (`application/grpc` or `+proto`, POST) and the path is one of its methods — or a path the
 * server does not serve at all, which it answers as the gRPC spec says (HTTP 200, trailers-only,
 * `grpc-status: 12` naming the method) instead of connect-node's bare HTTP 404, from which a
 * client can only guess. Everything else (other methods, Connect, gRPC-Web, `+json`) is left to
 * the caller's fallback.
 *
 * @example
 *   const lean = new UnaryGrpcServer({ services, methods: ["pkg.Svc/Check"] });
 *   server.on("stream", (stream, headers) => lean.handle(stream, headers) || fallback(stream));
 */
export class UnaryGrpcServer {
  readonly #routes = new Map<string, UnaryRoute>();
  readonly #served = new Set<string>();
  readonly #policy: CallPolicy;

  constructor(options: UnaryServerOptions) {
    const wanted = new Set(options.methods);
    for (const [service, impl] of options.services) {
      for (const method of service.methods) {
        const label = `${service.typeName}/${method.name}`;
        this.#served.add(`/${label}`);
        const fn = (impl as Record<string, unknown>)[method.localName];
        if (!wanted.has(label) || typeof fn !== "function") continue;
        if (method.methodKind !== "unary") continue;
        const unary = method as DescMethodUnary;
        this.#routes.set(`/${label}`, { service, method: unary, label, impl: fn.bind(impl) });
      }
    }
    this.#policy = {
      maxRequestBytes: options.maxRequestBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      admit: options.admit,
      check: options.check,
      toFailure: options.toFailure ?? defaultFailure,
      onFinish: options.onFinish,
      trace: options.trace,
    };
  }

  /** The `package.Service/Method` names served here (the others stay with the fallback). */
  get methods(): string[] {
    return [...this.#routes.values()].map((route) => route.label);
  }

  /**
   * Takes the stream if it is a gRPC call this dispatcher answers (true), or leaves it untouched
   * for the fallback (false). Never throws for a client's request.
   */
  handle(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): boolean {
    const contentType = headers["content-type"];
    if (contentType !== "application/grpc" && contentType !== "application/grpc+proto") {
      return false;
    }
    const path = headers[":path"];
    if (headers[":method"] !== "POST" || path === undefined) return false;
    const route = this.#routes.get(path);
    if (route) {
      serveUnaryCall(stream, headers, contentType, route, this.#policy);
      return true;
    }
    if (this.#served.has(path)) return false;
    stream.on("error", ignore);
    stream.resume();
    replyTrailersOnly(stream, contentType, unknownMethod(path));
    return true;
  }
}

function unknownMethod(path: string): CallFailure {
  const name = path.startsWith("/") ? path.slice(1) : path;
  return { code: GrpcStatus.UNIMPLEMENTED, rawMessage: `unknown method ${name}` };
}

function defaultFailure(error: unknown): CallFailure {
  if (error instanceof ConnectError) return error;
  return { code: GrpcStatus.INTERNAL, rawMessage: "internal error" };
}

function ignore(): void {}
