import {
  type Context,
  context,
  type Span,
  type SpanOptions,
  SpanStatusCode,
  type Tracer,
} from "@opentelemetry/api";

/** Marks `span` failed by `error`: its type as `error.type`, the exception as an event. */
export function recordFailure(span: Span, error: unknown): void {
  const type = (error as { code?: unknown; name?: unknown }) ?? {};
  span.setAttribute("error.type", String(type.code ?? type.name ?? "Error"));
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * Runs `fn` as the active span `name` (a child of `parent`, default the active context) and ends
 * the span when its promise settles; a rejection marks the span failed and is rethrown as it is.
 *
 * @example
 *   await inSpan(tracer, "kv get", { attributes }, () => store.get(key));
 */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  return tracer.startActiveSpan(name, options, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}
