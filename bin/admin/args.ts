import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";

/** One flag of a command: what `parseArgs` needs plus the line `--help` prints. */
export interface FlagSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
  /** Shown in `--help`; for string flags, starts with the value's name (e.g. "NAME the …"). */
  help: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

/** Flags every admin command takes. */
export const COMMON_FLAGS: FlagSpecs = {
  json: { type: "boolean", help: "print the response as JSON (for scripts) instead of a table" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

/** Flags of the commands that call the control plane (see connection.ts for the fallbacks). */
export const CONNECTION_FLAGS: FlagSpecs = {
  url: { type: "string", help: "URL  the control plane (default $CPOD_CONTROL_PLANE_URL)" },
  "data-dir": {
    type: "string",
    help: "DIR  where `cpod dev` keeps dev-credentials.json (default $CPOD_DATA_DIR, the config file's dataDir, or ./.cpod)",
  },
  config: {
    type: "string",
    help: "FILE  the config file (default $CPOD_CONFIG, else ./cpod.config.json if present)",
  },
};

export type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * `util.parseArgs` in strict mode: an unknown flag, a missing value or a value given to a
 * boolean is a `UsageError` naming it (parseArgs's own sentence), never silently ignored.
 */
export function parseFlags(argv: string[], flags: FlagSpecs) {
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, { type, multiple, short }]) => [
      name,
      { type, ...(multiple ? { multiple } : {}), ...(short ? { short } : {}) },
    ]),
  );
  try {
    const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    // parseArgs's first sentence is the clear part ("Unknown option '--nme'"); the rest is a
    // hint about `--` that only confuses here.
    throw new UsageError((error as Error).message.split(/\.\s|\n/)[0] ?? "bad arguments");
  }
}

/** A string flag's value, or undefined; a UsageError when required and absent or empty. */
export function stringFlag(values: Values, name: string, required = false): string | undefined {
  const value = values[name];
  if (typeof value === "string" && value !== "") return value;
  if (value === "") throw new UsageError(`--${name} must not be empty`);
  if (required) throw new UsageError(`--${name} is required`);
  return undefined;
}

/** The inclusive range a whole-number flag accepts (the contract's `minimum`/`maximum`). */
export interface IntegerBounds {
  minimum: number;
  maximum: number;
}

/**
 * A whole number flag (`--window-seconds 10`) within `bounds`, or undefined when absent. Digits
 * only (no sign, exponent or fraction), then a safe integer, then the bounds: the message names
 * the real range, so the operator never has to guess the contract's limit.
 */
export function integerFlag(
  values: Values,
  name: string,
  { minimum, maximum }: IntegerBounds,
): number | undefined {
  const text = stringFlag(values, name);
  if (text === undefined) return undefined;
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < minimum || value > maximum) {
    throw new UsageError(
      `--${name} must be a whole number from ${minimum} to ${maximum}, not "${text}"`,
    );
  }
  return value;
}

/** Exactly the named positional arguments, or a UsageError saying which is missing or extra. */
export function positionals(given: string[], names: string[]): string[] {
  if (given.length < names.length) throw new UsageError(`missing ${names[given.length]}`);
  if (given.length > names.length)
    throw new UsageError(`unexpected argument "${given[names.length]}"`);
  return given;
}

/**
 * `id` as one URL path segment, named `label` (`TENANT_ID`, `--tenant`) in the error. `.` and
 * `..` are refused: percent-encoding leaves them as they are and URL parsing resolves them, so
 * `cpod tenants resume ..` would POST /v1/resume instead of naming a tenant.
 *
 * @example
 *   `/v1/tenants/${pathSegment(id, "TENANT_ID")}`
 */
export function pathSegment(id: string, label: string): string {
  if (id === "." || id === "..") throw new UsageError(`${label} cannot be "${id}"`);
  return encodeURIComponent(id);
}
