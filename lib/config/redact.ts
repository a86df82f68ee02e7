import type { Setting } from "./settings.js";

/** What `cpod config` shows in place of a secret: that it is set, never any part of it. */
export const REDACTED = "<redacted>";

/** A URL with its password replaced (`postgres://cpod:<redacted>@db/cpod`); other text as is. */
function withoutPassword(value: string): string {
  if (!URL.canParse(value)) return value;
  const { password } = new URL(value);
  if (!password) return value;
  // The text as written (no normalising); the password appears as `:<password>@`, encoded alike.
  const written = `:${password}@`;
  return value.includes(written) ? value.replace(written, `:${REDACTED}@`) : REDACTED;
}

/**
 * A setting's value fit to print: secrets (tokens, keys, credentials) wholly hidden; a password
 * inside any URL-shaped value hidden, since store URLs often carry one (DESIGN.md §9: secrets
 * never appear in output).
 *
 * @example
 *   redact(setting, "redis://:hunter2@cache:6379"); // "redis://:<redacted>@cache:6379"
 */
export function redact(setting: Setting, value: string): string {
  if (setting.secret) return REDACTED;
  return value
    .split(",")
    .map((part) => withoutPassword(part))
    .join(",");
}
