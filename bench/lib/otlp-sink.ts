import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The cheapest OTLP/HTTP receiver that keeps the exporters honest: it reads every export
 * request to the end and answers 200, counting requests and bytes without parsing them, so the
 * traced row measures the programs' cost of tracing, not a collector's.
 *
 * @example
 *   const sink = await startOtlpSink(); // OTEL_EXPORTER_OTLP_ENDPOINT = sink.endpoint
 */
export async function startOtlpSink() {
  const counts = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on("data", (chunk: Buffer) => {
      counts.bytes += chunk.length;
    });
    req.on("end", () => {
      if (req.url === "/v1/traces") counts.requests++;
      res.writeHead(req.url === "/v1/traces" ? 200 : 404).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
