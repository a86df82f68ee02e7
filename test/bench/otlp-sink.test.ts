import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { expect, it } from "vitest";
import { startOtlpSink } from "../../bench/lib/otlp-sink.js";

it("the bench's OTLP sink counts the spans the exporter sent, links and parents not counted", async () => {
  const sink = await startOtlpSink("GET /v1/kv/{key}");
  try {
    const exporter = new OTLPTraceExporter({ url: `${sink.endpoint}/v1/traces` });
    const provider = new BasicTracerProvider({
      spanProcessors: [new BatchSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer("test");
    const request = tracer.startSpan("GET /v1/kv/{key}");
    tracer.startActiveSpan("child", (child) => child.end());
    tracer.startSpan("batch", { links: [{ context: request.spanContext() }] }).end();
    request.end();
    await provider.shutdown();
    expect(sink.counts).toMatchObject({ spans: 3, named: 1 });
  } finally {
    await sink.close();
  }
});
