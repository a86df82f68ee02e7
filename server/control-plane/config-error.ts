/**
 * A bad setting: one line naming the variable, printed by main.ts before it exits with code 2.
 * Never carries the offending value when the variable holds a secret.
 *
 * @example
 *   throw new ConfigError("CPOD_TOKEN_TTL_SECS=abc must be a whole number from 60 to 86400");
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}
