import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http2";
import type { DescMethod, DescService } from "@bufbuild/protobuf";
import {
  type Code,
  ConnectError,
  type ContextValues,
  createContextValues,
  type HandlerContext,
} from "@connectrpc/connect";
import { bracketIPv6Authority } from "./authority.js";

/** What a context reads from its call: the route, the request headers and the deadline. */
export interface ContextSource {
  readonly route: { readonly service: DescService; readonly method: DescMethod };
  readonly headers: IncomingHttpHeaders;
  /** Epoch milliseconds, when the request carried `grpc-timeout`. */
  readonly deadline: number | undefined;
}

/**
 * A connect `HandlerContext` for the lean gRPC path that costs one small object per call:
 * connect's `createHandlerContext` makes three Headers, a deadline signal and a linked
 * AbortController up front, and aborts the signal after every call (a DOMException with a stack).
 * Here each of those is made on first access only, and the signal is aborted only when the call
 * ends early (client gone, deadline passed) — not after a normal answer.
 *
 * @example
 *   const context = new LeanHandlerContext(call);
 *   const reply = await impl(request, context);
 *   context.copyResponseHeader(outgoing);
 */
export class LeanHandlerContext implements HandlerContext {
  readonly #source: ContextSource;
  #requestHeader: Headers | undefined;
  #responseHeader: Headers | undefined;
  #responseTrailer: Headers | undefined;
  #values: ContextValues | undefined;
  #abort: AbortController | undefined;
  /** Set when the call ended early; a signal made later starts aborted. */
  #endedEarly: [code: Code, message: string] | undefined;

  constructor(source: ContextSource) {
    this.#source = source;
  }

  get service(): DescService {
    return this.#source.route.service;
  }
  get method(): DescMethod {
    return this.#source.route.method;
  }
  get requestMethod(): string {
    return "POST";
  }
  get protocolName(): string {
    return "grpc";
  }
  get url(): string {
    const { headers } = this.#source;
    const authority = bracketIPv6Authority(headers[":authority"] ?? "localhost");
    return `${headers[":scheme"] ?? "http"}://${authority}${headers[":path"] ?? "/"}`;
  }
  get requestHeader(): Headers {
    this.#requestHeader ??= toHeaders(this.#source.headers);
    return this.#requestHeader;
  }
  get responseHeader(): Headers {
    this.#responseHeader ??= new Headers();
    return this.#responseHeader;
  }
  get responseTrailer(): Headers {
    this.#responseTrailer ??= new Headers();
    return this.#responseTrailer;
  }
  get values(): ContextValues {
    this.#values ??= createContextValues();
    return this.#values;
  }
  get signal(): AbortSignal {
    if (!this.#abort) {
      this.#abort = new AbortController();
      if (this.#endedEarly) this.#abort.abort(reason(this.#endedEarly));
    }
    return this.#abort.signal;
  }

  /** Remaining milliseconds before the deadline, or undefined without `grpc-timeout`. */
  timeoutMs(): number | undefined {
    const { deadline } = this.#source;
    return deadline === undefined ? undefined : deadline - Date.now();
  }

  /** Marks the call as ended early; aborts the signal if the implementation took it. */
  endEarly(code: Code, message: string): void {
    this.#endedEarly = [code, message];
    if (this.#abort && !this.#abort.signal.aborted) this.#abort.abort(reason(this.#endedEarly));
  }

  /** Adds the response headers the implementation set (if it touched them) to `target`. */
  copyResponseHeader(target: OutgoingHttpHeaders): void {
    this.#responseHeader?.forEach(copyInto, target);
  }

  /** Adds the response trailers the implementation set (if it touched them) to `target`. */
  copyResponseTrailer(target: OutgoingHttpHeaders): void {
    this.#responseTrailer?.forEach(copyInto, target);
  }
}

function copyInto(this: OutgoingHttpHeaders, value: string, name: string): void {
  this[name] = value;
}

function reason([code, message]: [Code, string]): ConnectError {
  return new ConnectError(message, code);
}

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const name in incoming) {
    const value = incoming[name];
    if (name.startsWith(":") || value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.append(name, value);
  }
  return headers;
}
