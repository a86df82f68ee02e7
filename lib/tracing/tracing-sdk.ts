import { context, propagation } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { Tracing } from "./start-tracing.js";

let contextInstalled = false;

/**
 * Context travels across `await` through AsyncLocalStorage; there is one per process, so
 * `cpod dev` (three programs, one process) installs it once. The propagator is registered
 * globally too, for code that uses `propagation` directly.
 */
function installContext(propagator: W3CTraceContextPropagator): void {
  if (contextInstalled) return;
  contextInstalled = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(propagator);
}

/**
 * The SDK half of startTracing, imported only when an endpoint is set. Each program gets its own
 * provider (not the global one), so the three programs of `cpod dev` keep their own
 * `service.name`. Spans leave in batches (OTEL_BSP_* tune them) as OTLP/HTTP JSON.
 */
export function createTracing(opts: { url: string; serviceName: string }): Tracing {
  const propagator = new W3CTraceContextPropagator();
  installContext(propagator);
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  const exporter = new OTLPTraceExporter({ url: opts.url });
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  return {
    tracer: provider.getTracer("cpod"),
    propagator,
    shutdown: () => provider.shutdown(),
  };
}
