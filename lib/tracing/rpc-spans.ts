import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import {
  type Context,
  context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapSetter,
} from "@opentelemetry/api";
import { ATTR_RPC_METHOD, ATTR_RPC_SYSTEM_NAME } from "@opentelemetry/semantic-conventions";
import type { Tracing } from "./start-tracing.js";

/** gRPC status of the call, as the span records it. */
export const ATTR_RPC_STATUS = "rpc.response.status_code";

/** Writes `traceparent`/`tracestate` into Connect's request `Headers`. */
const headersSetter: TextMapSetter<Headers> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

/** Reads them back on the serving side. */
const headersGetter: TextMapGetter<Headers> = {
  keys: (carrier) => [...carrier.keys()],
  get: (carrier, key) => carrier.get(key) ?? undefined,
};

/** The span attributes of one RPC, named `package.Service/Method` as metrics and logs name it. */
export function rpcAttributes(method: string) {
  return { [ATTR_RPC_SYSTEM_NAME]: "grpc", [ATTR_RPC_METHOD]: method };
}

/** Ends an RPC span with its gRPC status (0 = OK); anything else marks it failed. */
export function endRpcSpan(span: Span, status: number): void {
  span.setAttribute(ATTR_RPC_STATUS, status);
  if (status !== 0) {
    span.setAttribute("error.type", String(status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/**
 * A client span per Connect call with the W3C `traceparent` put into its request headers, so
 * the sidecar continues the caller's trace. Outermost on the transport, so the span covers
 * every other interceptor and the wire.
 *
 * @example
 *   createConnectTransport({ baseUrl, httpVersion: "2", interceptors: [connectClientSpans(tracing)] });
 */
export function connectClientSpans(tracing: Tracing): Interceptor {
  return (next) => (req) => {
    const method = `${req.service.typeName}/${req.method.name}`;
    const options = { kind: SpanKind.CLIENT, attributes: rpcAttributes(method) };
    return tracing.tracer.startActiveSpan(method, options, async (span) => {
      tracing.propagator.inject(context.active(), req.header, headersSetter);
      try {
        const res = await next(req);
        endRpcSpan(span, 0);
        return res;
      } catch (error) {
        endRpcSpan(span, ConnectError.from(error).code ?? Code.Unknown);
        throw error;
      }
    });
  };
}

/**
 * A server span per Connect-served RPC, a child of the caller's span when the request carries
 * `traceparent` (else a new trace). Outermost on the router, so the span covers authentication,
 * validation and the service.
 *
 * @example
 *   connectNodeAdapter({ routes, interceptors: [connectServerSpans(tracing), ...rest] });
 */
export function connectServerSpans(tracing: Tracing): Interceptor {
  return (next) => (req) => {
    const method = `${req.service.typeName}/${req.method.name}`;
    const parent: Context = tracing.propagator.extract(ROOT_CONTEXT, req.header, headersGetter);
    const options = { kind: SpanKind.SERVER, attributes: rpcAttributes(method) };
    return tracing.tracer.startActiveSpan(method, options, parent, async (span) => {
      try {
        const res = await next(req);
        endRpcSpan(span, 0);
        return res;
      } catch (error) {
        endRpcSpan(span, ConnectError.from(error).code);
        throw error;
      }
    });
  };
}
