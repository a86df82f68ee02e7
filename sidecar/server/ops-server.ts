import http from "node:http";
import type { Registry } from "prom-client";
import type { ListenAddress } from "../config.js";
import { checkReadiness, type ReadinessChecks } from "./readiness.js";

/** A started ops listener. */
export interface OpsServer {
  address: ListenAddress;
  close(): Promise<void>;
}

/**
 * `/healthz` (alive), `/readyz` (every dependency answers; 503 names the failing ones, never
 * their addresses) and Prometheus `/metrics`, on loopback only (127.0.0.1:9091 by default).
 */
export async function listenOps(opts: {
  listen: ListenAddress;
  registry: Registry;
  readiness: ReadinessChecks;
}): Promise<OpsServer> {
  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method !== "GET") return json(405, { error: "method_not_allowed" });
    if (path === "/healthz") return json(200, { status: "ok" });
    if (path === "/readyz") {
      const { ready, failing } = await checkReadiness(opts.readiness);
      return ready ? json(200, { status: "ready" }) : json(503, { status: "not_ready", failing });
    }
    if (path === "/metrics") {
      res.writeHead(200, { "content-type": opts.registry.contentType });
      return res.end(await opts.registry.metrics());
    }
    return json(404, { error: "not_found" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.listen.port, opts.listen.host, () => resolve());
  });
  const bound = server.address();
  const port = typeof bound === "object" && bound ? bound.port : opts.listen.port;
  return {
    address: { host: opts.listen.host, port },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
