import { create } from "@bufbuild/protobuf";
import { context, type Link, type SpanContext, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdmitResponseSchema, AdmitVerdict } from "../../gen/proto/coresdk/v1/admission_pb.js";
import {
  AdmissionBatcher,
  type AdmitInput,
  type AdmitTransport,
} from "../../server/gateway/sidecar/admission-batcher.js";
import { batchLinksOf } from "../../server/gateway/sidecar/batch-context.js";

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
      links: batchLinksOf(context.active()),
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
  const tracer = new BasicTracerProvider().getTracer("test");
  beforeAll(() => context.setGlobalContextManager(manager.enable()));
  afterAll(() => {
    context.disable();
  });

  /** Admits `token` from inside a request span of its own; answers that span's context. */
  function admitInRequest(batcher: AdmissionBatcher, token: string) {
    return tracer.startActiveSpan(`request ${token}`, (span) => {
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

  it("sends a batch in a new trace that links every request it admits", async () => {
    const { transport, seen } = observingTransport();
    const batcher = new AdmissionBatcher(transport, true);
    const requests = [admitInRequest(batcher, "a"), admitInRequest(batcher, "b")];
    await Promise.all(requests.map((r) => r.done));
    expect(seen).toEqual([{ span: undefined, links: requests.map((r) => ({ context: r.span })) }]);
  });
});
