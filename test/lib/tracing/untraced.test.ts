import { context, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { isTracingSuppressed } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNTRACED } from "../../../lib/tracing/untraced.js";
import { OutboxRelay } from "../../../server/control-plane/audit/outbox-relay.js";

/** An outbox whose every call is a traced statement, as tracedSql makes them. */
function tracedOutbox(tracer: Tracer, queued: string[]) {
  const statement = <T>(name: string, value: () => T) =>
    tracer.startActiveSpan(`postgresql ${name}`, async (span) => {
      span.end();
      return value();
    });
  return {
    outbox: {
      peek: (n: number) =>
        statement("SELECT", () => queued.slice(0, n).map((id) => ({ id, kind: "audit" }))),
      lease: () => statement("UPDATE", () => true),
      remove: (id: string) => statement("DELETE", () => void queued.splice(queued.indexOf(id), 1)),
      recordFailure: () => statement("UPDATE", () => undefined),
      has: (id: string) => statement("SELECT", () => queued.includes(id)),
    },
  };
}

describe("background work outside request traces", () => {
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  }).getTracer("test");
  beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
  afterAll(() => context.disable());

  it("UNTRACED is what @opentelemetry/core's suppressTracing sets", () => {
    expect(isTracingSuppressed(UNTRACED)).toBe(true);
  });

  /** Drains `queued` from inside a request's span; the spans exported, named. */
  async function drainInRequest(queued: string[]) {
    exporter.reset();
    const delivered: string[] = [];
    const relay = new OutboxRelay({
      store: tracedOutbox(tracer, queued) as never,
      sidecar: { deliver: async (m: { id: string }) => void delivered.push(m.id) } as never,
      tracer,
    });
    await tracer.startActiveSpan("POST /v1/apps", async (span) => {
      await relay.drain();
      span.end();
    });
    return { spans: exporter.getFinishedSpans(), delivered };
  }

  it("an idle drain records nothing, even when a request triggered it", async () => {
    const { spans } = await drainInRequest([]);
    expect(spans.map((s) => s.name)).toEqual(["POST /v1/apps"]);
  });

  it("a drain that delivers is a trace of its own, not the triggering request's", async () => {
    const { spans, delivered } = await drainInRequest(["m1"]);
    expect(delivered).toEqual(["m1"]);
    const request = spans.find((s) => s.name === "POST /v1/apps");
    const drain = spans.find((s) => s.name === "outbox drain");
    expect(drain?.parentSpanContext).toBeUndefined();
    expect(drain?.spanContext().traceId).not.toBe(request?.spanContext().traceId);
    const underDrain = spans.filter(
      (s) => s.parentSpanContext?.spanId === drain?.spanContext().spanId,
    );
    expect(underDrain.map((s) => s.name)).toContain("postgresql DELETE");
    const inRequest = spans.filter(
      (s) => s.spanContext().traceId === request?.spanContext().traceId,
    );
    expect(inRequest.map((s) => s.name)).toEqual(["POST /v1/apps"]);
  });
});
