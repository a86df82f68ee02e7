/**
 * A bad gateway setting: one line naming the variable, printed by main.ts before it exits with
 * code 2. Never carries the offending value when the variable holds a secret.
 *
 * @example
 *   throw new ConfigError('CORESDK_FAIL_MODE=half must be "closed" or "open"');
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** The factory lib/ helpers take, so their failures are this program's ConfigError. */
export const configError = (message: string): ConfigError => new ConfigError(message);
