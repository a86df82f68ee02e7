import {
  type Context,
  context,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from "@opentelemetry/semantic-conventions";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Tracing } from "../../../lib/tracing/start-tracing.js";

/** The request's span and the context that carries it, kept off the request object's shape. */
const traced = new WeakMap<FastifyRequest, { span: Span; active: Context }>();

/** The route template (`/v1/kv/{key}` from the contract), so span names never hold ids. */
function routeOf(request: FastifyRequest): string {
  const config = request.routeOptions.config as { path?: string } | undefined;
  return config?.path ?? request.routeOptions.url ?? "unmatched";
}

/**
 * A server span per HTTP request, named `<METHOD> <route template>`, continuing the client's
 * W3C `traceparent` (else a new trace), ended in `onResponse` with the status code; 5xx marks
 * it failed, and so does a request the client aborted. Registered first, so every later hook,
 * the handler and the store calls run inside it. The context is entered again at `preHandler`:
 * a request body arrives on socket events, which carry the connection's context, not the
 * request's. No `url.path`: keys and file paths in it can be personal data (as in the logs).
 *
 * @example
 *   if (tracing) await app.register(httpSpans, { tracing });
 */
export const httpSpans = fp(
  async (app: FastifyInstance, opts: { tracing: Tracing }) => {
    const { tracer, propagator } = opts.tracing;
    app.addHook("onRequest", (request, reply, done) => {
      const parent = propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
      const route = routeOf(request);
      const span = tracer.startSpan(
        `${request.method} ${route}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            [ATTR_HTTP_REQUEST_METHOD]: request.method,
            [ATTR_HTTP_ROUTE]: route,
          },
        },
        parent,
      );
      const active = trace.setSpan(parent, span);
      traced.set(request, { span, active });
      // The request's log lines (its access line too) carry the ids, to go from a line to its trace.
      const { traceId, spanId } = span.spanContext();
      request.log = request.log.child({ trace_id: traceId, span_id: spanId });
      reply.log = request.log;
      context.with(active, done);
    });
    app.addHook("preHandler", (request, _reply, done) => {
      const entry = traced.get(request);
      if (entry) context.with(entry.active, done);
      else done();
    });
    app.addHook("onRequestAbort", (request, done) => {
      const entry = traced.get(request);
      traced.delete(request);
      if (entry) {
        entry.span.setAttribute("error.type", "aborted");
        entry.span.setStatus({ code: SpanStatusCode.ERROR, message: "client aborted" });
        entry.span.end();
      }
      done();
    });
    app.addHook("onResponse", (request, reply, done) => {
      const entry = traced.get(request);
      traced.delete(request);
      if (entry) {
        entry.span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
        if (reply.statusCode >= 500) {
          entry.span.setAttribute("error.type", String(reply.statusCode));
          entry.span.setStatus({ code: SpanStatusCode.ERROR });
        }
        entry.span.end();
      }
      done();
    });
  },
  { name: "cpod-http-spans", fastify: "5.x" },
);
