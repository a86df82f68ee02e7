import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http2";
import type { AddressInfo } from "node:net";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ConnectSidecarClient } from "../../../server/control-plane/sidecar/adapters/connect-sidecar-client.js";

beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
afterAll(() => context.disable());

it("the control plane's calls to the sidecar carry a client span and its traceparent", async () => {
  const seen: IncomingHttpHeaders[] = [];
  // Answers every Connect unary call with an empty (valid) binary message.
  const server = createServer((request, response) => {
    seen.push(request.headers);
    request.resume();
    request.on("end", () => response.writeHead(200, { "content-type": "application/proto" }).end());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  }).getTracer("test");
  const tracing = { tracer, propagator: new W3CTraceContextPropagator(), shutdown: async () => {} };
  const { port } = server.address() as AddressInfo;
  const client = new ConnectSidecarClient(`http://127.0.0.1:${port}`, 3_000, "cred", tracing);
  try {
    await tracer.startActiveSpan("outbox drain", async (span) => {
      await client.deliver({
        id: "m1",
        kind: "revoke",
        tenantId: "t1",
        payload: { app_id: "a1", issued_before: 1, expires_at: 2 },
      } as never);
      span.end();
    });
  } finally {
    await client.close?.();
    server.close();
  }
  const call = exporter.getFinishedSpans().find((s) => s.name.endsWith("/RevokeAppTokens"));
  const traceId = call?.spanContext().traceId;
  expect(seen[0]?.traceparent).toBe(`00-${traceId}-${call?.spanContext().spanId}-01`);
});
