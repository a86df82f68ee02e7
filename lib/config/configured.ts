import type { ConfigErrorFactory } from "../master-key.js";
import { type ConfigFile, readConfigFile } from "./config-file.js";
import { envOverridesFile, SETTINGS, type Setting } from "./settings.js";

type Env = Record<string, string | undefined>;

const BY_ENV = new Map<string, Setting>(SETTINGS.map((s) => [s.env, s]));

/**
 * The file's settings under `env`: a variable that is set wins (DESIGN.md §9), except "" for a
 * key the file sets where "" means nothing of its own (envOverridesFile).
 */
function merged(file: ConfigFile | undefined, env: Env): Env {
  if (!file) return env;
  const result: Env = { ...env };
  for (const [name, value] of Object.entries(file.values)) {
    const setting = BY_ENV.get(name);
    if (!setting || !envOverridesFile(setting, env[name])) result[name] = value;
  }
  return result;
}

/**
 * The environment a program reads: the config file (see readConfigFile) under `env`.
 *
 * @example
 *   const env = configuredEnv(argv, process.env, (m) => new ConfigError(m));
 */
export function configuredEnv(argv: readonly string[], env: Env, fail: ConfigErrorFactory): Env {
  return merged(readConfigFile(argv, env, fail), env);
}

/**
 * A program's config.ts names the variable it rejects (`CPOD_POSTGRES_SCHEMA=Bad must be…`);
 * when the file, not the environment, gave that value, the reader needs the key to fix, so the
 * same error (same class) is prefixed as the file check would: `config <path>: <key>: …`.
 */
function nameFileKey(error: unknown, file: ConfigFile, env: Env): void {
  if (!(error instanceof Error) || error.name !== "ConfigError") return;
  const variable = /^[A-Z][A-Z0-9_]*/.exec(error.message)?.[0];
  const setting = SETTINGS.find((s) => s.env === variable);
  if (!setting || envOverridesFile(setting, env[setting.env])) return;
  if (file.values[setting.env] === undefined) return;
  error.message = `config ${file.path}: ${setting.key}: ${error.message}`;
}

/**
 * For a program's start-up catch block: a ConfigError from a step that ran after withConfigFile
 * returned (opening stores, reading the caller credential file, parsing the master key, building
 * the app) names the file and key too when the file set the variable it names. The file is read
 * again (it was valid a moment ago); if it cannot be, the error is left as it is.
 *
 * @example
 *   } catch (error) {
 *     nameConfigFileKey(error, argv, process.env);
 *     return startFailure(error);
 *   }
 */
export function nameConfigFileKey(error: unknown, argv: readonly string[], env: Env): void {
  let file: ConfigFile | undefined;
  try {
    file = readConfigFile(argv, env, (m) => new Error(m));
  } catch {
    return;
  }
  if (file) nameFileKey(error, file, env);
}

/**
 * Runs a program's settings loader on the configured environment (file under `env`); a
 * ConfigError it throws about a value the file set also names the file and key.
 *
 * @example
 *   const config = withConfigFile(argv, process.env, configError, loadGatewayConfig);
 */
export function withConfigFile<T>(
  argv: readonly string[],
  env: Env,
  fail: ConfigErrorFactory,
  load: (env: Env) => T,
): T {
  const file = readConfigFile(argv, env, fail);
  const result = (() => {
    try {
      return load(merged(file, env));
    } catch (error) {
      if (file) nameFileKey(error, file, env);
      throw error;
    }
  })();
  if (!(result instanceof Promise) || !file) return result;
  return result.catch((error: unknown) => {
    nameFileKey(error, file, env);
    throw error;
  }) as T;
}
