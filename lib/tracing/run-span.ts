import {
  type Context,
  context,
  type Span,
  type SpanOptions,
  SpanStatusCode,
  type Tracer,
} from "@opentelemetry/api";

/** A code or class name that is a name, not data: letters, digits and `_ . : -`, ≤ 64 chars. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/**
 * What a failure is, safe to export: the error's `code` (an ApiError code, a PostgreSQL
 * SQLSTATE, a Node `EACCES`, a gRPC status) else its class name, else `Error`. Never the
 * message: a driver's or the file system's message can hold a tenant's values or file paths.
 *
 * @example
 *   errorType(Object.assign(new Error("open '/data/t1/x'"), { code: "EACCES" })); // "EACCES"
 */
export function errorType(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  for (const candidate of [code, name]) {
    const text = typeof candidate === "number" ? String(candidate) : candidate;
    if (typeof text === "string" && SAFE_NAME.test(text)) return text;
  }
  return "Error";
}

/**
 * Marks `span` failed by `error`: `error.type` and an `exception` event that carries only that
 * type (as `exception.type` and `exception.message`), never the error's own message or stack
 * (see errorType; `span.recordException` would export both).
 */
export function recordFailure(span: Span, error: unknown): void {
  const type = errorType(error);
  span.setAttribute("error.type", type);
  span.addEvent("exception", { "exception.type": type, "exception.message": type });
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
