import {
  type Context,
  context,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
} from "@opentelemetry/api";
import { endRpcSpan, rpcAttributes } from "../../../lib/tracing/rpc-spans.js";
import type { Tracing } from "../../../lib/tracing/start-tracing.js";
import { batchOf, linkBackToBatch } from "./batch-context.js";
import type { HotCallOptions, SidecarHotPath } from "./hot-path.js";

/** What a hot-path call resolves to, and its gRPC status when it failed (GrpcCallError.code). */
function statusOf(error: unknown): number {
  const code = (error as { code?: unknown }).code;
  return typeof code === "number" ? code : 2;
}

/**
 * One hot-path method as a client span with `traceparent` in the call's metadata. A call that
 * carries a batch of requests (AdmitBatch) is a child of one sampled request and links the
 * others, which link back to it (batch-context.ts). `detached` calls start a trace of their own
 * whatever is active: EmitBatch delivers the audit records of many requests, queued durably and
 * sent after they answered, so it is no one request's child.
 */
function traced<R, O>(
  tracing: Tracing,
  method: string,
  call: (request: R, opts: HotCallOptions) => Promise<O>,
  detached = false,
): (request: R, opts: HotCallOptions) => Promise<O> {
  return (request, opts) => {
    const parent: Context = detached ? ROOT_CONTEXT : context.active();
    const batch = batchOf(parent);
    const options = {
      kind: SpanKind.CLIENT,
      attributes: rpcAttributes(method),
      links: batch?.links,
    };
    return tracing.tracer.startActiveSpan(method, options, parent, async (span) => {
      if (batch) linkBackToBatch(batch, span);
      const headers: Record<string, string> = { ...opts.headers };
      tracing.propagator.inject(context.active(), headers, defaultTextMapSetter);
      try {
        const response = await call(request, { ...opts, headers });
        endRpcSpan(span, 0);
        return response;
      } catch (error) {
        endRpcSpan(span, statusOf(error));
        throw error;
      }
    });
  };
}

/**
 * The hot path with a client span per sidecar call (Admit, AdmitBatch, EmitBatch), the W3C
 * trace context going along as gRPC metadata. Used only when tracing is on.
 *
 * @example
 *   const hotPath = tracing ? tracedHotPath(leanHotPath(url, credential), tracing) : lean;
 */
export function tracedHotPath(hot: SidecarHotPath, tracing: Tracing): SidecarHotPath {
  return {
    admit: traced(tracing, "coresdk.v1.AdmissionService/Admit", hot.admit.bind(hot)),
    admitBatch: traced(tracing, "coresdk.v1.AdmissionService/AdmitBatch", hot.admitBatch.bind(hot)),
    emitBatch: traced(tracing, "coresdk.v1.AuditService/EmitBatch", hot.emitBatch.bind(hot), true),
    close: () => hot.close(),
  };
}
