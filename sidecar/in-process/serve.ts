import { createRouterTransport, type Transport } from "@connectrpc/connect";
import { sendCallerCredential } from "../../lib/caller-credential.js";
import { buildSidecar, type Sidecar, type SidecarOverrides } from "../app.js";
import { CallerGuard } from "../caller/caller-guard.js";
import type { SidecarConfig } from "../config.js";
import { rpcInterceptors } from "../server/interceptors.js";
import { sidecarRoutes } from "../services/registry.js";
import { expectedCredential } from "../start.js";
import { type InProcessHotPath, inProcessHotPath } from "./hot-path.js";

/** A sidecar served to a caller in the same process: what a client needs, and a stop. */
export interface InProcessSidecar {
  sidecar: Sidecar;
  /** A Connect transport to every service, through the interceptors the HTTP/2 server runs. */
  transport: Transport;
  /** The per-request methods, checked as the lean gRPC server checks them. */
  hotPath: InProcessHotPath;
  /** Closes the stores (the caller closes its client first). */
  close(): Promise<void>;
}

/** Options of {@link serveInProcess}. */
export interface InProcessOptions {
  overrides?: SidecarOverrides;
  /** The platform caller credential the calling program presents on every call. */
  credential?: string;
  /** Where internal failures go; default stderr. */
  log?: (error: unknown) => void;
}

/**
 * Builds the sidecar and serves it to this process without a wire: the same services, caller
 * authentication (the configured credential, access tokens for tenant-scoped RPCs), request
 * validation and error mapping as `startSidecar`, with Connect's in-memory router transport
 * (binary protobuf, deadlines) in place of HTTP/2. For callers that are not about the wire —
 * gateway tests; what the wire itself does (h2c, TLS, outages) needs `startSidecar`.
 *
 * @example
 *   const served = await serveInProcess(config, { credential });
 *   const client = new SidecarClient({ transport: served.transport, hotPath: served.hotPath });
 */
export async function serveInProcess(
  config: SidecarConfig,
  opts: InProcessOptions = {},
): Promise<InProcessSidecar> {
  const expected = await expectedCredential(config);
  const sidecar = await buildSidecar(config, opts.overrides);
  const guard = new CallerGuard({ credential: expected, validate: sidecar.validateToken });
  const log =
    opts.log ?? ((error: unknown) => console.error("cpod sidecar: internal error", error));
  const transport = createRouterTransport(sidecarRoutes(sidecar.implementations), {
    router: { interceptors: rpcInterceptors({ guard, log }) },
    transport: {
      interceptors: opts.credential ? [sendCallerCredential(opts.credential)] : [],
    },
  });
  const hotPath = inProcessHotPath(sidecar.implementations, {
    guard,
    credential: opts.credential,
    log,
  });
  return { sidecar, transport, hotPath, close: () => sidecar.close() };
}
