/**
 * The no-hop variant of the gateway comparisons: `cpod gateway` exactly as server/gateway/main.ts
 * builds it (the same `gatewayFromEnv`, stores, logger and routes), except that its per-request
 * sidecar port calls the sidecar's own services in this process — built by `buildSidecar` from
 * the same CORESDK_* settings the bench's sidecar process gets, its stores under
 * BENCH_SIDECAR_DATA_DIR. Admission (token, policy, rate limit) and audit do the same work as
 * through the sidecar; only the hop (a second process, HTTP/2, protobuf on the wire) is gone.
 */
import { gatewayFromEnv } from "../../server/gateway/app.js";
import { listenUntilSignal } from "../../server/shared/http/listen.js";
import { loggerOptions } from "../../server/shared/http/logging.js";
import { buildSidecar } from "../../sidecar/app.js";
import { loadSidecarConfig } from "../../sidecar/config.js";
import { inProcessHotPath } from "../../sidecar/in-process/hot-path.js";

const sidecarEnv = { ...process.env, CPOD_DATA_DIR: process.env.BENCH_SIDECAR_DATA_DIR };
const sidecar = await buildSidecar(loadSidecarConfig(sidecarEnv));

process.exitCode = await listenUntilSignal({
  program: "no-hop gateway",
  addressVar: "CPOD_GATEWAY_ADDR",
  defaultAddress: "127.0.0.1:8000",
  build: () =>
    gatewayFromEnv(process.env, {
      logger: loggerOptions("gateway", process.env.CPOD_LOG_LEVEL),
      sidecarHotPath: inProcessHotPath(sidecar.implementations),
    }),
});
// After the gateway closed (its audit emitter drains on close), the services it called.
await sidecar.close();
