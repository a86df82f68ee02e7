/**
 * The no-hop variant of the gateway comparisons: `cpod gateway` exactly as server/gateway/main.ts
 * builds it (the same config, ports, logger and routes), except that its per-request
 * sidecar port calls the sidecar's own services in this process — built by `buildSidecar` from
 * the same CORESDK_* settings the bench's sidecar process gets, its stores under
 * BENCH_SIDECAR_DATA_DIR. Admission (token, policy, rate limit) and audit do the same work as
 * through the sidecar; only the hop (a second process, HTTP/2, protobuf on the wire) is gone.
 */
import { readCallerCredential } from "../../lib/caller-credential.js";
import { openGatewayPorts } from "../../server/gateway/adapters/open-gateway-ports.js";
import { buildGateway } from "../../server/gateway/app.js";
import { loadGatewayConfig } from "../../server/gateway/config.js";
import { configError } from "../../server/gateway/config-error.js";
import { SidecarClient } from "../../server/gateway/sidecar/sidecar-client.js";
import { listenUntilSignal } from "../../server/shared/http/listen.js";
import { loggerOptions } from "../../server/shared/http/logging.js";
import { buildSidecar } from "../../sidecar/app.js";
import { loadSidecarConfig } from "../../sidecar/config.js";
import { inProcessHotPath } from "../../sidecar/in-process/hot-path.js";

const sidecarEnv = { ...process.env, CPOD_DATA_DIR: process.env.BENCH_SIDECAR_DATA_DIR };
const sidecar = await buildSidecar(loadSidecarConfig(sidecarEnv));
const config = loadGatewayConfig(process.env);
const ports = await openGatewayPorts(config);
const { address, credential: source } = config.sidecar;
// The gateway's sidecar port with the in-process hot path; its other calls still go over the wire.
const noHop = SidecarClient.connect(address, {
  hotPath: inProcessHotPath(sidecar.implementations),
  credential: source && (await readCallerCredential(source, configError)),
});

process.exitCode = await listenUntilSignal({
  program: "no-hop gateway",
  address: config.listen,
  build: () =>
    buildGateway(
      config,
      {
        ...ports,
        sidecar: noHop,
        close: async () => {
          noHop.close();
          await ports.close();
        },
      },
      { logger: loggerOptions("gateway", config.logLevel) },
    ),
});
// After the gateway closed (its audit emitter drains on close), the services it called.
await sidecar.close();
