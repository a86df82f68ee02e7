import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** How often `needle` occurs in `text` (no regex, no allocation per match). */
function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length))
    count++;
  return count;
}

/**
 * The cheapest OTLP/HTTP receiver that keeps the exporters honest: it reads every export
 * request to the end and answers 200, counting requests, bytes and spans without parsing the
 * JSON (a span is one `"startTimeUnixNano"`: links and parents name span ids but have no start
 * time), and the spans named `spanName` (one per traced request for a server span), so the
 * traced row measures the programs' cost of tracing, not a collector's, and can tell drops.
 *
 * @example
 *   const sink = await startOtlpSink("GET /v1/kv/{key}"); // OTEL_EXPORTER_OTLP_ENDPOINT = sink.endpoint
 */
export async function startOtlpSink(spanName?: string) {
  const counts = { requests: 0, bytes: 0, spans: 0, named: 0 };
  const named = spanName === undefined ? undefined : JSON.stringify(spanName);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      counts.bytes += chunk.length;
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (req.url === "/v1/traces") {
        counts.requests++;
        const body = Buffer.concat(chunks).toString("utf8");
        counts.spans += occurrences(body, '"startTimeUnixNano"');
        if (named) counts.named += occurrences(body, `"name":${named}`);
      }
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
