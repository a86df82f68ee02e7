import type { IncomingHttpHeaders } from "node:http2";
import { context, defaultTextMapGetter, ROOT_CONTEXT, SpanKind, trace } from "@opentelemetry/api";
import type { CallTrace, UnaryRoute } from "../grpc/index.js";
import { endRpcSpan, rpcAttributes } from "./rpc-spans.js";
import type { Tracing } from "./start-tracing.js";

/**
 * The lean gRPC server's trace hook (UnaryServerOptions.trace): a server span per hot-path call,
 * continuing the `traceparent` in its HTTP/2 headers, active while the implementation runs (so
 * the services' own spans nest under it) and ended with the call's final gRPC status.
 *
 * @example
 *   new UnaryGrpcServer({ services, methods, trace: leanServerSpans(tracing) });
 */
export function leanServerSpans(
  tracing: Tracing,
): (route: UnaryRoute, headers: IncomingHttpHeaders) => CallTrace {
  return (route, headers) => {
    const parent = tracing.propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    const options = { kind: SpanKind.SERVER, attributes: rpcAttributes(route.label) };
    const span = tracing.tracer.startSpan(route.label, options, parent);
    const active = trace.setSpan(parent, span);
    return {
      run: (fn) => context.with(active, fn),
      end: (status) => endRpcSpan(span, status),
    };
  };
}
