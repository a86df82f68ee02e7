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

/** How spans leave: OTLP over HTTP, as JSON or protobuf (`OTEL_EXPORTER_OTLP_*PROTOCOL`). */
export type OtlpProtocol = "http/json" | "http/protobuf";

/** The exporter the OTEL_* settings ask for, or that tracing is off; `warning`: a line to log. */
export type ExporterChoice =
  | { off: false; url: string; protocol: OtlpProtocol; warning?: string }
  | { off: true; warning?: string };

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
 * The exporter the standard settings select. `OTEL_TRACES_EXPORTER` (default `otlp`): `none`
 * turns tracing off; other exporters (`console`, `zipkin`, …) are not built in, so they are
 * named in a warning and ignored. The protocol is `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, else
 * `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/json` (this exporter's own default); `grpc` is not
 * built in, so it turns tracing off with one warning rather than sending HTTP to a gRPC port.
 *
 * @example
 *   exporterChoice({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_TRACES_EXPORTER: "none" });
 *   // { off: true }
 */
export function exporterChoice(env: Env): ExporterChoice {
  const url = otlpTracesUrl(env);
  if (!url) return { off: true };
  const named = (env.OTEL_TRACES_EXPORTER ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  if (named.includes("none")) return { off: true };
  const others = named.filter((name) => name !== "otlp");
  const ignored = `OTEL_TRACES_EXPORTER=${others.join(",")}: only otlp and none are supported`;
  if (others.length > 0 && !named.includes("otlp"))
    return { off: true, warning: `${ignored}; tracing is off` };
  const protocol = (
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim() ||
    env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim() ||
    "http/json"
  ).toLowerCase();
  if (protocol !== "http/json" && protocol !== "http/protobuf")
    return {
      off: true,
      warning: `OTEL_EXPORTER_OTLP_PROTOCOL=${protocol}: only http/json and http/protobuf are supported; tracing is off`,
    };
  const warning = others.length > 0 ? `${ignored}; ${others.join(",")} ignored` : undefined;
  return { off: false, url, protocol, ...(warning ? { warning } : {}) };
}

/** Writes one warning line to stderr, where the programs' startup problems go. */
function warnOnStderr(line: string): void {
  process.stderr.write(`tracing: ${line}\n`);
}

/**
 * Turns tracing on for one program when an OTLP endpoint is set, and does nothing at all when
 * it is not (or `OTEL_TRACES_EXPORTER=none`, or an unsupported exporter or protocol, which is
 * warned about once): the SDK is imported only here and only then, so an untraced program loads
 * none of it and its code paths, handed no Tracing, install no hook. `serviceName` is the
 * program's own (`cpod-gateway`, …); `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`
 * override it, the sampler follows `OTEL_TRACES_SAMPLER`/`_ARG` (default parent-based
 * always-on), as the SDK reads them, and the SDK's own problems (an export refused or
 * unreachable) are logged to stderr from `OTEL_LOG_LEVEL` up (default `warn`).
 *
 * @example
 *   const tracing = await startTracing(process.env, "cpod-gateway");
 *   // … run …
 *   await tracing?.shutdown();
 */
export async function startTracing(
  env: Env,
  serviceName: string,
  warn: (line: string) => void = warnOnStderr,
): Promise<Tracing | undefined> {
  const choice = exporterChoice(env);
  if (choice.warning) warn(choice.warning);
  if (choice.off) return undefined;
  const { createTracing } = await import("./tracing-sdk.js");
  return createTracing({ ...choice, serviceName, logLevel: env.OTEL_LOG_LEVEL, warn });
}
