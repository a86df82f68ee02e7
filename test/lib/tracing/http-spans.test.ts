import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { httpSpans } from "../../../server/shared/http/http-spans.js";

const CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
const CALLER_SPAN = "b7ad6b7169203331";

/** One request with a sampled `traceparent` through httpSpans, and the span it produced. */
async function serverSpan(trustIncoming?: () => boolean) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracing = {
    tracer: provider.getTracer("test"),
    propagator: new W3CTraceContextPropagator(),
    shutdown: async () => undefined,
  };
  const app = Fastify();
  await app.register(httpSpans, { tracing, ...(trustIncoming ? { trustIncoming } : {}) });
  app.get("/x", async () => "ok");
  const traceparent = `00-${CALLER_TRACE}-${CALLER_SPAN}-01`;
  expect((await app.inject({ url: "/x", headers: { traceparent } })).statusCode).toBe(200);
  await app.close();
  const [span] = exporter.getFinishedSpans();
  if (!span) throw new Error("no span");
  return span;
}

describe("httpSpans and an incoming traceparent", () => {
  it("continues it from a trusted caller", async () => {
    const span = await serverSpan(() => true);
    expect(span.spanContext().traceId).toBe(CALLER_TRACE);
    expect(span.parentSpanContext?.spanId).toBe(CALLER_SPAN);
  });

  it("continues it when no trust rule is given (the internal control plane)", async () => {
    expect((await serverSpan()).spanContext().traceId).toBe(CALLER_TRACE);
  });

  it("starts a new trace linked to an untrusted caller's context", async () => {
    const span = await serverSpan(() => false);
    expect(span.spanContext().traceId).not.toBe(CALLER_TRACE);
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links.map((l) => l.context)).toMatchObject([
      { traceId: CALLER_TRACE, spanId: CALLER_SPAN },
    ]);
  });
});
