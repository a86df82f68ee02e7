import { create } from "@bufbuild/protobuf";
import {
  context,
  type Link,
  ROOT_CONTEXT,
  type SpanContext,
  TraceFlags,
  trace,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdmitResponseSchema, AdmitVerdict } from "../../gen/proto/coresdk/v1/admission_pb.js";
import {
  AdmissionBatcher,
  type AdmitInput,
  type AdmitTransport,
} from "../../server/gateway/sidecar/admission-batcher.js";
import { batchOf } from "../../server/gateway/sidecar/batch-context.js";
import type { SidecarHotPath } from "../../server/gateway/sidecar/hot-path.js";
import { tracedHotPath } from "../../server/gateway/sidecar/traced-hot-path.js";

const input = (token: string): AdmitInput => ({
  token,
  action: "kv.read",
  resourceType: "kv",
  resourceId: "k",
  routeClass: "get_kv_value",
});

/** What was active when the transport was called: the span, and the batch's links. */
interface Seen {
  span: SpanContext | undefined;
  links: Link[] | undefined;
}

/** Answers every request admitted, noting the trace context each call ran in. */
function observingTransport() {
  const seen: Seen[] = [];
  const note = () =>
    seen.push({
      span: trace.getSpanContext(context.active()),
      links: batchOf(context.active())?.links,
    });
  const answer = () => create(AdmitResponseSchema, { verdict: AdmitVerdict.ADMITTED });
  const transport: AdmitTransport = {
    async admit() {
      note();
      return answer();
    },
    async admitBatch(requests) {
      note();
      return requests.map(answer);
    },
  };
  return { transport, seen };
}

describe("AdmissionBatcher carrying trace contexts", () => {
  const manager = new AsyncLocalStorageContextManager();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer("test");
  beforeAll(() => context.setGlobalContextManager(manager.enable()));
  afterAll(() => {
    context.disable();
  });

  /**
   * Admits `token` from inside a request span of its own, under a caller that `sampled` it or
   * not (the default sampler is parent-based); answers that span's context.
   */
  function admitInRequest(batcher: AdmissionBatcher, token: string, sampled = true) {
    const caller = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: `${"0".repeat(31)}${token.charCodeAt(0) % 10}`.replace(/^0/, "1"),
      spanId: "00000000000000a1",
      traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      isRemote: true,
    });
    return tracer.startActiveSpan(`request ${token}`, {}, caller, (span) => {
      const done = batcher.admit(input(token)).finally(() => span.end());
      return { span: span.spanContext(), done };
    });
  }

  it("sends a lone admission inside its request's context", async () => {
    const { transport, seen } = observingTransport();
    const request = admitInRequest(new AdmissionBatcher(transport, true), "a");
    await request.done;
    expect(seen).toEqual([{ span: request.span, links: undefined }]);
  });

  it("sends a batch as the child of its first sampled request, linking the others", async () => {
    const { transport, seen } = observingTransport();
    const batcher = new AdmissionBatcher(transport, true);
    const [a, b, c] = [
      admitInRequest(batcher, "a", false),
      admitInRequest(batcher, "b", true),
      admitInRequest(batcher, "c", false),
    ];
    await Promise.all([a, b, c].map((r) => r?.done));
    expect(seen).toEqual([{ span: b?.span, links: [{ context: a?.span }, { context: c?.span }] }]);
  });

  it("traces the AdmitBatch span whenever one request is sampled, linked both ways", async () => {
    exporter.reset();
    const answer = () => create(AdmitResponseSchema, { verdict: AdmitVerdict.ADMITTED });
    const hot: SidecarHotPath = {
      admit: async () => answer(),
      admitBatch: async ({ requests = [] }) => ({ results: requests.map(answer) }) as never,
      emitBatch: async () => ({}) as never,
      close: () => undefined,
    };
    const tracing = {
      tracer,
      propagator: new W3CTraceContextPropagator(),
      shutdown: async () => {},
    };
    const traced = tracedHotPath(hot, tracing);
    const call = { timeoutMs: 1_000 };
    const batcher = new AdmissionBatcher(
      {
        admit: (request) => traced.admit(request, call),
        admitBatch: async (requests) => (await traced.admitBatch({ requests }, call)).results,
      },
      true,
    );
    const requests = ["a", "b", "c"].map((t, i) => admitInRequest(batcher, t, i > 0));
    await Promise.all(requests.map((r) => r.done));
    const spans = exporter.getFinishedSpans();
    const batch = spans.find((s) => s.name.endsWith("/AdmitBatch"));
    const [, b, c] = requests.map((r) => r.span);
    expect(batch?.spanContext().traceId).toBe(b?.traceId);
    expect(batch?.parentSpanContext?.spanId).toBe(b?.spanId);
    const linkedBack = spans.find((s) => s.spanContext().spanId === c?.spanId);
    expect(linkedBack?.links.map((l) => l.context.spanId)).toEqual([batch?.spanContext().spanId]);
  });
});
