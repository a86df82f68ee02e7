import type { ConfigErrorFactory } from "../master-key.js";
import { type ConfigFile, readConfigFile } from "./config-file.js";
import { redact } from "./redact.js";
import { envOverridesFile, SETTINGS } from "./settings.js";

/** Where a value came from: env wins over the file; neither means the program's default. */
export type ValueSource = "env" | "file" | "default";

/** One key as a program will see it, secrets already redacted. */
export interface EffectiveValue {
  readonly key: string;
  readonly env: string;
  readonly source: ValueSource;
  /** Null when unset: the program applies its own default (docs/configuration.md). */
  readonly value: string | null;
}

/** The merged configuration `cpod config` prints. */
export interface EffectiveConfig {
  readonly file: Pick<ConfigFile, "path" | "origin"> | null;
  readonly values: readonly EffectiveValue[];
}

/**
 * Every setting after the file and `env` are merged as the programs merge them, with its source,
 * secrets redacted so the result is safe to print or paste into an issue.
 *
 * @example
 *   const { file, values } = effectiveConfig(argv, process.env, (m) => new Error(m));
 */
export function effectiveConfig(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  fail: ConfigErrorFactory,
): EffectiveConfig {
  const file = readConfigFile(argv, env, fail);
  const values = SETTINGS.map((setting): EffectiveValue => {
    const fromEnv = env[setting.env];
    const fromFile = file?.values[setting.env];
    const envWins =
      fromFile === undefined ? fromEnv !== undefined : envOverridesFile(setting, fromEnv);
    const source: ValueSource = envWins ? "env" : fromFile !== undefined ? "file" : "default";
    const raw = envWins ? fromEnv : fromFile;
    const value = raw === undefined ? null : redact(setting, raw);
    return { key: setting.key, env: setting.env, source, value };
  });
  return { file: file ? { path: file.path, origin: file.origin } : null, values };
}
