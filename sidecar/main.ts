import { nameConfigFileKey, withConfigFile } from "../lib/config/configured.js";
import { startTracing, type Tracing } from "../lib/tracing/start-tracing.js";
import { ConfigError, loadSidecarConfig, type SidecarConfig } from "./config.js";
import { formatAddress, startSidecar } from "./start.js";

/** Settings from CORESDK_* env over the config file, or one line on stderr and undefined. */
function readConfig(argv: string[]): SidecarConfig | undefined {
  try {
    return withConfigFile(argv, process.env, (m) => new ConfigError(m), loadSidecarConfig);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`cpod sidecar: ${error.message}`);
    return undefined;
  }
}

/**
 * `cpod sidecar`: reads CORESDK_* env over the config file (`--config FILE`), listens on
 * loopback, drains on SIGINT/SIGTERM.
 */
export async function main(argv: string[]): Promise<number> {
  const config = readConfig(argv);
  if (!config) return 2;
  const tracing = await startTracing(process.env, "cpod-sidecar");
  try {
    return await serve(argv, config, tracing);
  } finally {
    // The last spans (the drained calls') leave before the process does, even if the drain threw.
    await tracing?.shutdown();
  }
}

async function serve(
  argv: string[],
  config: SidecarConfig,
  tracing: Tracing | undefined,
): Promise<number> {
  let running: Awaited<ReturnType<typeof startSidecar>>;
  try {
    running = await startSidecar(config, { tracing });
  } catch (error) {
    // Settings checked while building (e.g. CPOD_MASTER_KEY) stop the program with one line too.
    if (!(error instanceof ConfigError)) throw error;
    nameConfigFileKey(error, argv, process.env);
    console.error(`cpod sidecar: ${error.message}`);
    return 2;
  }
  for (const [store, adapter] of Object.entries(running.sidecar.adapters)) {
    console.log(`cpod sidecar: ${store} → ${adapter}`);
  }
  console.log(
    `cpod sidecar: ops on http://${formatAddress(running.opsAddress)} (/healthz /readyz /metrics)`,
  );
  console.log(
    `cpod sidecar: listening on ${formatAddress(running.address)} (gRPC, gRPC-Web, Connect)`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  console.log("cpod sidecar: draining in-flight calls");
  await running.close();
  return 0;
}
