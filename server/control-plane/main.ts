import { nameConfigFileKey, withConfigFile } from "../../lib/config/configured.js";
import { startTracing, type Tracing } from "../../lib/tracing/start-tracing.js";
import { type ListenAddress, listenUntilSignal, parseHostPort } from "../shared/http/listen.js";
import { type LogLevel, loggerOptions, parseLogLevel } from "../shared/http/logging.js";
import { buildControlPlane } from "./app.js";
import { type ControlPlaneConfig, loadControlPlaneConfig } from "./config.js";
import { ConfigError } from "./config-error.js";

const PROGRAM = "cpod control-plane";
const ADDRESS_VAR = "CPOD_CONTROL_PLANE_ADDR";
const DEFAULT_ADDRESS = "127.0.0.1:8080";

const configError = (message: string) => new ConfigError(message);

type Settings = { config: ControlPlaneConfig; address: ListenAddress; logLevel: LogLevel };

/** Every setting main.ts needs, from one environment. */
function settings(env: Record<string, string | undefined>): Settings {
  const address = parseHostPort(ADDRESS_VAR, env[ADDRESS_VAR] ?? DEFAULT_ADDRESS, configError);
  const logLevel = parseLogLevel(env.CPOD_LOG_LEVEL, configError);
  return { config: loadControlPlaneConfig(env), address, logLevel };
}

/** Settings from the environment over the config file, or one clear line on stderr and undefined. */
function readConfig(argv: string[]): Settings | undefined {
  try {
    return withConfigFile(argv, process.env, configError, settings);
  } catch (error) {
    console.error(`${PROGRAM}: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * `cpod control-plane`: reads CPOD_* env over the config file (`--config FILE`,
 * docs/configuration.md; bad config: one line naming the variable or key, exit 2),
 * opens and migrates storage, listens (internal only, default 127.0.0.1:8080), closes on
 * SIGINT/SIGTERM.
 */
export async function main(argv: string[]): Promise<number> {
  const read = readConfig(argv);
  if (!read) return 2;
  const tracing = await startTracing(process.env, "cpod-control-plane");
  try {
    return await serve(argv, read, tracing);
  } finally {
    // The last spans leave before the process does, after a failed start too.
    await tracing?.shutdown();
  }
}

async function serve(
  argv: string[],
  read: Settings,
  tracing: Tracing | undefined,
): Promise<number> {
  const { config, address, logLevel } = read;
  let app: Awaited<ReturnType<typeof buildControlPlane>>;
  try {
    app = await buildControlPlane({
      config,
      tracing,
      logger: loggerOptions("control-plane", logLevel),
    });
  } catch (error) {
    nameConfigFileKey(error, argv, process.env);
    const prefix = error instanceof ConfigError ? "" : "cannot start: ";
    console.error(`${PROGRAM}: ${prefix}${(error as Error).message}`);
    return error instanceof ConfigError ? 2 : 1;
  }
  const code = await listenUntilSignal({
    program: PROGRAM,
    address,
    build: async () => app,
  });
  return code;
}
