import { type Context, context, createContextKey, ROOT_CONTEXT } from "@opentelemetry/api";

/**
 * The key `suppressTracing` of `@opentelemetry/core` sets (a `Symbol.for`, so the same symbol
 * here): the SDK starts no span under it. Recreated rather than imported, so a program with
 * tracing off still loads no SDK module.
 */
const SUPPRESS_TRACING = createContextKey("OpenTelemetry SDK Context Key SUPPRESS_TRACING");

/** A context with no parent in which the SDK records nothing. */
export const UNTRACED: Context = ROOT_CONTEXT.setValue(SUPPRESS_TRACING, true);

/**
 * Runs `fn` (and every timer and promise it starts) outside any request's trace and untraced:
 * for background work — an idle poll every 2 s, housekeeping, migrations — that would otherwise
 * make a root trace per tick, or nest under whichever request happened to trigger it.
 *
 * @example
 *   const stop = untraced(() => startMaintenance(deps));
 */
export function untraced<T>(fn: () => T): T {
  return context.with(UNTRACED, fn);
}
