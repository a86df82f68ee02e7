import type { TextMapPropagator, Tracer } from "@opentelemetry/api";

/**
 * A program's tracing while it runs: its tracer, the W3C propagator its hops use, and the
 * flush of the spans still buffered (the programs' shutdown path awaits it).
 */
export interface Tracing {
  tracer: Tracer;
  propagator: TextMapPropagator;
  /** Exports what is buffered and stops the exporter; once, on the program's shutdown. */
  shutdown(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where spans go, as the OTLP exporter spec says: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is,
 * else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`; undefined when neither is set (or
 * `OTEL_SDK_DISABLED=true`), which turns tracing off.
 *
 * @example
 *   otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://localhost:4318" }); // …/v1/traces
 */
export function otlpTracesUrl(env: Env): string | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return undefined;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, "")}/v1/traces` : undefined;
}

/**
 * Turns tracing on for one program when an OTLP endpoint is set, and does nothing at all when
 * it is not: the SDK is imported only here and only then, so an untraced program loads none of
 * it and its code paths, handed no Tracing, install no hook. `serviceName` is the program's
 * own (`cpod-gateway`, …); `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` override it, and
 * the sampler follows `OTEL_TRACES_SAMPLER`/`_ARG` (default parent-based always-on), as the SDK
 * reads them.
 *
 * @example
 *   const tracing = await startTracing(process.env, "cpod-gateway");
 *   // … run …
 *   await tracing?.shutdown();
 */
export async function startTracing(env: Env, serviceName: string): Promise<Tracing | undefined> {
  const url = otlpTracesUrl(env);
  if (!url) return undefined;
  const { createTracing } = await import("./tracing-sdk.js");
  return createTracing({ url, serviceName });
}
