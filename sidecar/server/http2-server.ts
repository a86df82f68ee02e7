import { readFileSync } from "node:fs";
import http2 from "node:http2";
import type { ConnectRouter, Interceptor } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { ListenAddress, SidecarConfig } from "../config.js";
import { fixRequestAuthority } from "./authority.js";
import { offerStreamsFirst, type StreamDispatcher } from "./stream-routing.js";

/**
 * A started sidecar listener. `close()` drains in-flight calls, then resolves with the number of
 * sessions it had to destroy after the grace period (0 when every client let go in time).
 */
export interface RunningServer {
  address: ListenAddress;
  close(graceMs?: number): Promise<{ forcedSessions: number }>;
}

function createServer(tls: SidecarConfig["tls"]): http2.Http2Server | http2.Http2SecureServer {
  if (!tls) return http2.createServer();
  // mTLS: a client certificate is required and must chain to our CA.
  return http2.createSecureServer({
    cert: readFileSync(tls.certFile),
    key: readFileSync(tls.keyFile),
    ca: readFileSync(tls.caFile),
    requestCert: true,
    rejectUnauthorized: true,
    allowHTTP1: true,
  });
}

/**
 * Serves gRPC, gRPC-Web and Connect on one HTTP/2 port. connect-node handles all three, with the
 * unbracketed-IPv6 `:authority` fixed at the boundary; when `lean` is given it sees each HTTP/2
 * stream first and takes its gRPC calls (the hot per-request methods, and unknown methods, which
 * it answers UNIMPLEMENTED as gRPC clients expect), leaving everything else to connect-node.
 */
export async function listenSidecar(opts: {
  routes: (router: ConnectRouter) => void;
  listen: ListenAddress;
  tls?: SidecarConfig["tls"];
  interceptors?: Interceptor[];
  lean?: StreamDispatcher;
}): Promise<RunningServer> {
  const handler = connectNodeAdapter({
    routes: opts.routes,
    interceptors: opts.interceptors ?? [],
  });
  const server = createServer(opts.tls);
  const sessions = new Set<http2.Http2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  server.on("request", (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => {
    fixRequestAuthority(req);
    handler(req, res);
  });
  // The 'request' listener above made Node install its compat 'stream' listener; the lean
  // dispatcher goes in front of it (see offerStreamsFirst for why it has to be this way).
  if (opts.lean) offerStreamsFirst(server, opts.lean);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.listen.port, opts.listen.host, () => resolve());
  });
  const bound = server.address();
  const port = typeof bound === "object" && bound ? bound.port : opts.listen.port;
  return {
    address: { host: opts.listen.host, port },
    close: (graceMs = 10_000) => drain(server, sessions, graceMs),
  };
}

/** Stops accepting, lets open calls finish (GOAWAY), and destroys stragglers after the grace. */
function drain(
  server: http2.Http2Server | http2.Http2SecureServer,
  sessions: Set<http2.Http2Session>,
  graceMs: number,
): Promise<{ forcedSessions: number }> {
  return new Promise((resolve) => {
    let forcedSessions = 0;
    const timer = setTimeout(() => {
      forcedSessions = sessions.size;
      for (const session of sessions) session.destroy();
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve({ forcedSessions });
    });
    for (const session of sessions) session.close();
  });
}
