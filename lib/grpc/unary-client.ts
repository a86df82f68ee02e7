import http2, { type ClientHttp2Session, type OutgoingHttpHeaders } from "node:http2";
import {
  create,
  type DescMessage,
  type DescMethodUnary,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import { type CallOwner, runUnaryCall, type UnaryResult } from "./client-call.js";
import { DEFAULT_MAX_MESSAGE_BYTES, encodeFrame } from "./framing.js";
import { GrpcCallError } from "./grpc-call-error.js";
import { GrpcStatus } from "./status.js";
import { formatGrpcTimeout } from "./timeout.js";

export type { UnaryResult } from "./client-call.js";

/** Where and how a LeanGrpcClient connects. */
export interface LeanGrpcClientOptions {
  /** `http://host:port` (h2c, prior knowledge) or `https://host:port` (TLS, ALPN h2). */
  baseUrl: string;
  /** Close the connection after this long without any activity (default 60 s). */
  idleTimeoutMs?: number;
  /** For `https:`: the CA to trust, and a client certificate for mTLS. */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer };
  /** Largest response message accepted (default 4 MiB): above it, RESOURCE_EXHAUSTED. */
  maxResponseBytes?: number;
  /** Sent as `user-agent` (default `grpc-node-cpod-lean/1`). */
  userAgent?: string;
  /** Metadata sent on every call (lower-case names), e.g. a caller credential. */
  headers?: Readonly<Record<string, string>>;
}

/** Per-call options. */
export interface UnaryCallOptions {
  /** Deadline: sent as `grpc-timeout` and enforced locally (DEADLINE_EXCEEDED). */
  timeoutMs?: number;
  /** Extra request metadata (lower-case names). */
  headers?: Readonly<Record<string, string>>;
}

/** One HTTP/2 session and how many calls hold it, so it is ref'd only while calls are open. */
class Connection implements CallOwner {
  active = 0;
  constructor(readonly session: ClientHttp2Session) {}
  acquire(): void {
    if (this.active++ === 0) this.session.ref();
  }
  release(): void {
    if (--this.active === 0 && !this.session.destroyed) this.session.unref();
  }
}

/**
 * A minimal standard gRPC client for unary calls over one node:http2 session: 5-byte framing,
 * protobuf-es binary, `grpc-timeout` deadlines, status from trailers — without connect-node's
 * per-call AbortControllers and error objects (a Connect call was 7–9× a raw HTTP/2 echo). The
 * session is opened on first use, reopened lazily after it closes, errors or receives GOAWAY,
 * and unref'd while no call is open so it never keeps a process alive. It sends the
 * `:authority` itself, IPv6 bracketed (Node's own is not).
 *
 * @example
 *   const client = new LeanGrpcClient({ baseUrl: "http://[::1]:50051" });
 *   const reply = await client.call(AuthService.method.validateToken, { token }, { timeoutMs: 500 });
 *   client.close();
 */
export class LeanGrpcClient {
  readonly #origin: string;
  readonly #authority: string;
  readonly #scheme: string;
  readonly #connectOptions: http2.SecureClientSessionOptions;
  readonly #idleTimeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #userAgent: string;
  readonly #fixedHeaders: Readonly<Record<string, string>> | undefined;
  #connection: Connection | undefined;
  #closed = false;

  constructor(options: LeanGrpcClientOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`LeanGrpcClient: baseUrl must be http: or https:, got ${url.protocol}`);
    }
    this.#origin = url.origin;
    this.#authority = url.host;
    this.#scheme = url.protocol.slice(0, -1);
    this.#connectOptions = { ...options.tls };
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#userAgent = options.userAgent ?? "grpc-node-cpod-lean/1";
    this.#fixedHeaders = options.headers;
  }

  /** Calls a unary method and resolves with its response message. */
  call<I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    request: MessageInitShape<I>,
    options: UnaryCallOptions = {},
  ): Promise<MessageShape<O>> {
    return this.#invoke(method, request, options, false) as Promise<MessageShape<O>>;
  }

  /** Like `call`, also resolving with the response headers and trailers. */
  callWithMetadata<I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    request: MessageInitShape<I>,
    options: UnaryCallOptions = {},
  ): Promise<UnaryResult<MessageShape<O>>> {
    return this.#invoke(method, request, options, true) as Promise<UnaryResult<MessageShape<O>>>;
  }

  /** Closes the session gracefully (open calls finish); later calls fail UNAVAILABLE. */
  close(): Promise<void> {
    this.#closed = true;
    const session = this.#connection?.session;
    this.#connection = undefined;
    if (!session || session.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      session.once("close", resolve);
      session.close();
    });
  }

  #invoke(
    method: DescMethodUnary,
    request: MessageInitShape<DescMessage>,
    options: UnaryCallOptions,
    withMetadata: boolean,
  ): Promise<unknown> {
    if (this.#closed) {
      return Promise.reject(new GrpcCallError(GrpcStatus.UNAVAILABLE, "client is closed"));
    }
    const frame = encodeFrame(toBinary(method.input, create(method.input, request)));
    const connection = this.#open();
    let stream: http2.ClientHttp2Stream;
    try {
      stream = connection.session.request(this.#headers(method, options));
    } catch (error) {
      // Bad caller headers are the caller's bug; anything else means the session can take no
      // new stream (GOAWAY race, out of stream ids): the call was never sent, so retry-safe.
      if ((error as { code?: unknown }).code === "ERR_HTTP2_INVALID_CONNECTION_HEADERS") {
        return Promise.reject(error);
      }
      this.#drop(connection);
      const message = "connection closed before the call was sent";
      return Promise.reject(
        new GrpcCallError(GrpcStatus.UNAVAILABLE, message, {}, { cause: error }),
      );
    }
    connection.acquire();
    return runUnaryCall(stream, {
      output: method.output,
      frame,
      timeoutMs: options.timeoutMs,
      withMetadata,
      maxResponseBytes: this.#maxResponseBytes,
      owner: connection,
    });
  }

  #headers(method: DescMethodUnary, options: UnaryCallOptions): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = { ...this.#fixedHeaders, ...options.headers };
    headers[":method"] = "POST";
    headers[":path"] = `/${method.parent.typeName}/${method.name}`;
    headers[":authority"] = this.#authority;
    headers[":scheme"] = this.#scheme;
    headers["content-type"] = "application/grpc+proto";
    headers.te = "trailers";
    headers["user-agent"] = this.#userAgent;
    headers["grpc-accept-encoding"] = "identity";
    if (options.timeoutMs !== undefined)
      headers["grpc-timeout"] = formatGrpcTimeout(options.timeoutMs);
    return headers;
  }

  /** The open connection, or a new one when there is none or it can take no more streams. */
  #open(): Connection {
    const current = this.#connection;
    if (current && !current.session.closed && !current.session.destroyed) return current;
    const session = http2.connect(this.#origin, this.#connectOptions);
    const connection = new Connection(session);
    // Failures surface on the calls' streams; without a listener an 'error' would crash.
    session.on("error", ignore);
    session.once("close", () => this.#drop(connection));
    session.once("goaway", () => {
      // No new streams on it; let the open ones finish, then let it go.
      this.#drop(connection);
      session.close();
    });
    session.setTimeout(this.#idleTimeoutMs, () => session.close());
    session.unref();
    this.#connection = connection;
    return connection;
  }

  #drop(connection: Connection): void {
    if (this.#connection === connection) this.#connection = undefined;
  }
}

function ignore(): void {}
