import { context, type DiagLogger, DiagLogLevel, diag, propagation } from "@opentelemetry/api";
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
import type { OtlpProtocol, Tracing } from "./start-tracing.js";

let contextInstalled = false;
let diagInstalled = false;

/** The protobuf exporter is optional: used when installed, never a dependency of cPod. */
const PROTO_EXPORTER = "@opentelemetry/exporter-trace-otlp-proto";

/**
 * The SDK logs its own failures (an export refused with 401, a collector that is not there)
 * through `diag`, which is silent until a logger is set: one per process, at `OTEL_LOG_LEVEL`
 * (`none`, `error`, `warn`, `info`, `debug`, `verbose`, `all`; default and fallback `warn`).
 */
function installDiag(logLevel: string | undefined, warn: (line: string) => void): void {
  if (diagInstalled) return;
  diagInstalled = true;
  const name = (logLevel?.trim() || "warn").toUpperCase();
  let level = DiagLogLevel[name as keyof typeof DiagLogLevel] as DiagLogLevel | undefined;
  if (typeof level !== "number") {
    warn(
      `OTEL_LOG_LEVEL=${logLevel}: not a level (none, error, warn, info, debug, verbose, all); using warn`,
    );
    level = DiagLogLevel.WARN;
  }
  diag.setLogger(stderrLogger, { logLevel: level, suppressOverrideMessage: true });
}

/** `diag` lines on stderr (not the console's stdout, where a program's JSON log lines go). */
const stderrLogger: DiagLogger = Object.fromEntries(
  (["error", "warn", "info", "debug", "verbose"] as const).map((level) => [
    level,
    (message: string, ...args: unknown[]) =>
      process.stderr.write(`otel ${level}: ${[message, ...args].map(String).join(" ")}\n`),
  ]),
) as unknown as DiagLogger;

/** How long a program's exit waits for its last spans: an export can hang on a dead collector. */
const SHUTDOWN_BOUND_MS = 5_000;

/**
 * `flush` that never rejects and never holds the exit more than `ms`: a failed or overdue export
 * is one warning line, and the timer is unref'd so it keeps no process alive on its own.
 */
function bounded(flush: Promise<void>, ms: number, warn: (line: string) => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      warn(`the last spans were not exported within ${ms / 1000} s; exiting without them`);
      resolve();
    }, ms);
    timer.unref();
  });
  const settled = flush.catch((error: unknown) => {
    warn(`the last spans were not exported: ${(error as Error)?.message ?? String(error)}`);
  });
  return Promise.race([settled, overdue]).finally(() => clearTimeout(timer));
}

type Exporter = ConstructorParameters<typeof BatchSpanProcessor>[0];

/**
 * The OTLP exporter for `protocol`: JSON (built in) or protobuf when its package is installed;
 * without it, JSON with a warning (collectors take both on the same `/v1/traces`).
 */
async function otlpExporter(
  url: string,
  protocol: OtlpProtocol,
  warn: (line: string) => void,
): Promise<Exporter> {
  if (protocol === "http/protobuf") {
    try {
      const proto = (await import(PROTO_EXPORTER)) as {
        OTLPTraceExporter: new (config: { url: string }) => Exporter;
      };
      return new proto.OTLPTraceExporter({ url });
    } catch {
      warn(
        `OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf: ${PROTO_EXPORTER} is not installed; exporting as http/json instead`,
      );
    }
  }
  return new OTLPTraceExporter({ url });
}

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
 * `service.name`. Spans leave in batches (OTEL_BSP_* tune them) as OTLP/HTTP, JSON by default.
 */
export async function createTracing(opts: {
  url: string;
  protocol: OtlpProtocol;
  serviceName: string;
  logLevel?: string | undefined;
  warn: (line: string) => void;
}): Promise<Tracing> {
  const propagator = new W3CTraceContextPropagator();
  installDiag(opts.logLevel, opts.warn);
  installContext(propagator);
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  const exporter = await otlpExporter(opts.url, opts.protocol, opts.warn);
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  return {
    tracer: provider.getTracer("cpod"),
    propagator,
    shutdown: () => bounded(provider.shutdown(), SHUTDOWN_BOUND_MS, opts.warn),
  };
}
