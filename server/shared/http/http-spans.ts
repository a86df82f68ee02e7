import {
  type Context,
  context,
  defaultTextMapGetter,
  isSpanContextValid,
  type Link,
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

/** Options: the program's tracing, and which callers' `traceparent` it continues. */
export interface HttpSpansOptions {
  tracing: Tracing;
  /**
   * True for a caller whose `traceparent` the request's span continues (a trusted proxy); an
   * untrusted caller's context only becomes a link of a new trace, so it can neither force
   * sampling (`-01` under a ratio sampler) nor choose trace ids. Absent: every caller is trusted
   * (the control plane, which listens internally only).
   */
  trustIncoming?: (request: FastifyRequest) => boolean;
}

/**
 * The parent of a request's span and the links to give it: the caller's context when trusted,
 * else none (a new trace) with a link to the caller's context, if it sent a valid one.
 */
function parentOf(
  request: FastifyRequest,
  opts: HttpSpansOptions,
): { parent: Context; links: Link[] } {
  const incoming = opts.tracing.propagator.extract(
    ROOT_CONTEXT,
    request.headers,
    defaultTextMapGetter,
  );
  if (!opts.trustIncoming || opts.trustIncoming(request)) return { parent: incoming, links: [] };
  const caller = trace.getSpanContext(incoming);
  const links = caller && isSpanContextValid(caller) ? [{ context: caller }] : [];
  return { parent: ROOT_CONTEXT, links };
}

/**
 * A server span per HTTP request, named `<METHOD> <route template>`, continuing a trusted
 * caller's W3C `traceparent` (else a new trace, linked to an untrusted caller's), ended in `onResponse` with the status code; 5xx marks
 * it failed, and so does a request the client aborted. Registered first, so every later hook,
 * the handler and the store calls run inside it. The context is entered again at `preHandler`:
 * a request body arrives on socket events, which carry the connection's context, not the
 * request's. No `url.path`: keys and file paths in it can be personal data (as in the logs).
 *
 * @example
 *   if (tracing) await app.register(httpSpans, { tracing });
 */
export const httpSpans = fp(
  async (app: FastifyInstance, opts: HttpSpansOptions) => {
    const { tracer } = opts.tracing;
    app.addHook("onRequest", (request, reply, done) => {
      const { parent, links } = parentOf(request, opts);
      const route = routeOf(request);
      const span = tracer.startSpan(
        `${request.method} ${route}`,
        {
          kind: SpanKind.SERVER,
          links,
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
