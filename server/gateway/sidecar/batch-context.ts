import {
  type Context,
  context,
  createContextKey,
  type Link,
  ROOT_CONTEXT,
  type Span,
  TraceFlags,
  trace,
} from "@opentelemetry/api";

const BATCH = createContextKey("cpod.batch");

/** The requests one AdmitBatch call serves: links to all but its parent, and their spans. */
export interface BatchRequests {
  /** Every request's span context except the one the batch span is a child of. */
  links: Link[];
  /** The linked requests' spans, still open: each gets a link back to the batch span. */
  spans: Span[];
}

/**
 * Carries each admission's trace context across the AdmissionBatcher's event-loop turn. A lone
 * admission runs in its own request's context (its Admit span is that request's child). A batch
 * serves many requests at once: it runs as a child of the first *sampled* request (else of the
 * first request, unsampled), so a parent-based sampler traces it whenever any request it serves
 * is traced — an independent decision would leave most sampled requests without their
 * admission. The AdmitBatch span links every other request (an OpenTelemetry link: "caused by",
 * without a parent), and each of those gets a link back to it.
 *
 * @example
 *   const carried = captureContext(); // in admit(), inside the request
 *   runInBatchContext([carried, …], () => transport.admitBatch(requests));
 */
export function captureContext(): Context {
  return context.active();
}

function isSampled(carried: Context): boolean {
  const span = trace.getSpanContext(carried);
  return span !== undefined && (span.traceFlags & TraceFlags.SAMPLED) !== 0;
}

/** Runs `fn` in the one request's context, or in the batch's (see captureContext). */
export function runInBatchContext<T>(contexts: readonly Context[], fn: () => T): T {
  const [only] = contexts;
  if (contexts.length === 1 && only) return context.with(only, fn);
  const traced = contexts.filter((carried) => trace.getSpan(carried) !== undefined);
  const parent = traced.find(isSampled) ?? traced[0];
  const batch: BatchRequests = { links: [], spans: [] };
  for (const carried of traced) {
    if (carried === parent) continue;
    const span = trace.getSpan(carried) as Span;
    batch.links.push({ context: span.spanContext() });
    batch.spans.push(span);
  }
  return context.with((parent ?? ROOT_CONTEXT).setValue(BATCH, batch), fn);
}

/** The requests runInBatchContext named, for the AdmitBatch call's span. */
export function batchOf(active: Context): BatchRequests | undefined {
  return active.getValue(BATCH) as BatchRequests | undefined;
}

/** Links each batched request's span back to the batch span that admitted it (if recorded). */
export function linkBackToBatch(batch: BatchRequests, batchSpan: Span): void {
  if (!batchSpan.isRecording()) return;
  const link = { context: batchSpan.spanContext() };
  for (const span of batch.spans) span.addLink(link);
}
