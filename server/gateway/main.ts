import { nameConfigFileKey, withConfigFile } from "../../lib/config/configured.js";
import { startTracing, type Tracing } from "../../lib/tracing/start-tracing.js";
import { listenUntilSignal } from "../shared/http/listen.js";
import { loggerOptions } from "../shared/http/logging.js";
import { openGatewayPorts } from "./adapters/open-gateway-ports.js";
import { buildGateway } from "./app.js";
import { type GatewayConfig, loadGatewayConfig } from "./config.js";
import { ConfigError, configError } from "./config-error.js";
import type { GatewayPorts } from "./ports.js";

const PROGRAM = "cpod gateway";

/** A failure to start: one line, exit 2 for a bad setting and 1 for anything else. */
function startFailure(error: unknown): number {
  const config = error instanceof ConfigError;
  console.error(`${PROGRAM}: ${config ? "" : "cannot start: "}${(error as Error).message}`);
  return config ? 2 : 1;
}

/**
 * `cpod gateway`: the only reader of the gateway's environment. Reads CPOD_* env over the config
 * file (`--config FILE`, docs/configuration.md; bad config: one line naming the variable or
 * key, exit 2), opens the stores and the sidecar client, listens, and closes gracefully on
 * SIGINT/SIGTERM.
 */
export async function main(argv: string[]): Promise<number> {
  const tracing = await startTracing(process.env, "cpod-gateway");
  try {
    return await serve(argv, tracing);
  } finally {
    // After the app closed (its audit queue flushed), or after a failed start: the last spans
    // leave before the process, within a bound.
    await tracing?.shutdown();
  }
}

async function serve(argv: string[], tracing: Tracing | undefined): Promise<number> {
  let config: GatewayConfig;
  let ports: GatewayPorts;
  try {
    config = withConfigFile(argv, process.env, configError, loadGatewayConfig);
    ports = await openGatewayPorts(config, tracing);
  } catch (error) {
    nameConfigFileKey(error, argv, process.env); // e.g. callerCredentialFile, read when opening
    return startFailure(error);
  }
  const logger = loggerOptions("gateway", config.logLevel);
  const code = await listenUntilSignal({
    program: PROGRAM,
    address: config.listen,
    build: () =>
      buildGateway(config, ports, { logger, tracing }).catch(async (error: unknown) => {
        await ports.close();
        throw error;
      }),
  });
  return code;
}
