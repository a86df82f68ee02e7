/**
 * The baseline of the sidecar-hop comparison: a raw `node:http2` server on loopback that answers
 * every POST with its body — the least any RPC over HTTP/2 can cost (framing, one stream, one
 * event-loop turn on each side), with no Connect, protobuf, interceptors or service work.
 */
import http2 from "node:http2";

const [host = "127.0.0.1", port = "0"] = (process.env.BENCH_ECHO_ADDR ?? "").split(":");
const server = http2.createServer();
server.on("stream", (stream) => {
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  stream.on("end", () => {
    stream.respond({ ":status": 200, "content-type": "application/octet-stream" });
    stream.end(Buffer.concat(chunks));
  });
});
server.listen(Number(port), host, () => {
  console.log(`h2-echo listening on ${host}:${port}`);
});
process.once("SIGTERM", () => server.close());
process.once("SIGINT", () => server.close());
