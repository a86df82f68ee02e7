import { Registry } from "prom-client";
import { CallerCredential, readCallerCredential } from "../lib/caller-credential.js";
import type { Tracing } from "../lib/tracing/start-tracing.js";
import { buildSidecar, type Sidecar, type SidecarOverrides } from "./app.js";
import { CallerGuard } from "./caller/caller-guard.js";
import { ConfigError, type ListenAddress, type SidecarConfig } from "./config.js";
import { listenSidecar } from "./server/http2-server.js";
import { rpcInterceptors } from "./server/interceptors.js";
import { createLeanGrpc } from "./server/lean-grpc.js";
import { createSidecarMetrics } from "./server/metrics.js";
import { listenOps } from "./server/ops-server.js";
import { servicePairs, sidecarRoutes } from "./services/registry.js";
import { standardGrpcServices } from "./services/standard.js";

/** A running sidecar: its RPC and ops addresses, and a graceful stop. */
export interface RunningSidecar {
  address: ListenAddress;
  opsAddress: ListenAddress;
  sidecar: Sidecar;
  /** Drains in-flight calls, then closes the ops listener and the stores. */
  close(graceMs?: number): Promise<void>;
}

/** Formats an address for humans and URLs: IPv6 hosts in brackets. */
export function formatAddress(address: ListenAddress): string {
  return `${address.host.includes(":") ? `[${address.host}]` : address.host}:${address.port}`;
}

/** The expected caller credential (read before any store opens), or undefined under mTLS alone. */
export async function expectedCredential(
  config: SidecarConfig,
): Promise<CallerCredential | undefined> {
  if (!config.callerCredential) return undefined;
  const text = await readCallerCredential(config.callerCredential, (m) => new ConfigError(m));
  return new CallerCredential(text);
}

/**
 * Builds the sidecar and starts both listeners: gRPC/gRPC-Web/Connect with caller
 * authentication, validation, error mapping and metrics interceptors, and the ops server (the
 * per-RPC series merged with the services' own). Used by `cpod sidecar`, `cpod dev` and the
 * tests that need a real HTTP/2 server (port 0 picks a free port).
 */
export async function startSidecar(
  config: SidecarConfig,
  opts: {
    overrides?: SidecarOverrides;
    log?: (error: unknown) => void;
    /** How often an open Health/Watch re-runs the readiness probes (default 1 s; tests go faster). */
    healthPollMs?: number;
    /** Server spans per RPC (startTracing); absent, nothing is traced. */
    tracing?: Tracing | undefined;
  } = {},
): Promise<RunningSidecar> {
  const credential = await expectedCredential(config);
  const sidecar = await buildSidecar(config, opts.overrides);
  const guard = new CallerGuard({ credential, validate: sidecar.validateToken });
  const metrics = createSidecarMetrics({ denyListSyncAgeMs: () => sidecar.denyList.syncAgeMs() });
  const log =
    opts.log ?? ((error: unknown) => console.error("cpod sidecar: internal error", error));
  const pairs = servicePairs(sidecar.implementations);
  // Health and reflection beside coresdk.v1, so probes and grpcurl need no proto files.
  const standard = standardGrpcServices({
    readiness: sidecar.readiness,
    served: pairs.map(([service]) => service),
    healthPollMs: opts.healthPollMs,
  });
  const server = await listenSidecar({
    routes: (router) => {
      sidecarRoutes(sidecar.implementations)(router);
      standard.register(router);
    },
    listen: config.listen,
    tls: config.tls,
    interceptors: rpcInterceptors({ guard, log, metrics, tracing: opts.tracing }),
    // The per-request methods skip connect-node (see sidecar/server/lean-grpc.ts).
    // It is told about health and reflection too, or it would answer them UNIMPLEMENTED.
    lean: createLeanGrpc({
      services: [...pairs, ...standard.pairs],
      metrics,
      log,
      guard,
      tracing: opts.tracing,
    }),
  });
  const ops = await listenOps({
    listen: config.metrics,
    registry: Registry.merge([metrics.registry, sidecar.metrics]),
    readiness: sidecar.readiness,
  });
  return {
    address: server.address,
    opsAddress: ops.address,
    sidecar,
    async close(graceMs) {
      // Open Health/Watch streams would otherwise hold the drain for its whole grace period.
      standard.shutdown();
      await server.close(graceMs);
      await ops.close();
      await sidecar.close();
    },
  };
}
