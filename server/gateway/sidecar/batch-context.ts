import {
  type Context,
  context,
  createContextKey,
  type Link,
  ROOT_CONTEXT,
  trace,
} from "@opentelemetry/api";

const BATCH_LINKS = createContextKey("cpod.batch-links");

/**
 * Carries each admission's trace context across the AdmissionBatcher's event-loop turn. A lone
 * admission runs in its own request's context (its Admit span is that request's child); a batch
 * serves many requests at once, so it runs in a fresh context that only names them, and its
 * AdmitBatch span links to each (an OpenTelemetry link: "caused by", without a parent).
 *
 * @example
 *   const carried = captureContext(); // in admit(), inside the request
 *   runBatch([carried, …], () => transport.admitBatch(requests));
 */
export function captureContext(): Context {
  return context.active();
}

/** Runs `fn` in the one request's context, or in a new root context linking all of them. */
export function runInBatchContext<T>(contexts: readonly Context[], fn: () => T): T {
  const [only] = contexts;
  if (contexts.length === 1 && only) return context.with(only, fn);
  const links: Link[] = [];
  for (const carried of contexts) {
    const span = trace.getSpanContext(carried);
    if (span) links.push({ context: span });
  }
  return context.with(ROOT_CONTEXT.setValue(BATCH_LINKS, links), fn);
}

/** The links runInBatchContext set, for the AdmitBatch call's span. */
export function batchLinksOf(active: Context): Link[] | undefined {
  return active.getValue(BATCH_LINKS) as Link[] | undefined;
}
