import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject } from "ajv";
import type { ConfigErrorFactory } from "../master-key.js";
import { configSchema, kindMessage } from "./schema.js";
import { SETTINGS, type Setting } from "./settings.js";
import { suggestKey } from "./suggest.js";

/** The file read when neither `--config` nor `CPOD_CONFIG` names one, if it exists. */
export const DEFAULT_CONFIG_FILE = "cpod.config.json";

/** Where the file came from: a named file must exist; the default one may be absent. */
export type ConfigOrigin = "--config" | "CPOD_CONFIG" | "default";

/** A config file read and checked: its path and the variables it sets, as strings. */
export interface ConfigFile {
  readonly path: string;
  readonly origin: ConfigOrigin;
  /** Variable name → value, exactly as the environment would carry it. */
  readonly values: Readonly<Record<string, string>>;
}

type Env = Record<string, string | undefined>;

/** `--config FILE` or `--config=FILE` among a program's arguments; other arguments are not ours. */
function flagValue(argv: readonly string[], fail: ConfigErrorFactory): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg.startsWith("--config=")) return arg.slice("--config=".length) || missing(fail);
    if (arg === "--config") return argv[i + 1] || missing(fail);
  }
  return undefined;
}

function missing(fail: ConfigErrorFactory): never {
  throw fail("--config needs a file name (--config FILE)");
}

function locate(argv: readonly string[], env: Env, fail: ConfigErrorFactory) {
  const flag = flagValue(argv, fail);
  if (flag !== undefined) return { path: flag, origin: "--config" as const };
  if (env.CPOD_CONFIG) return { path: env.CPOD_CONFIG, origin: "CPOD_CONFIG" as const };
  return { path: DEFAULT_CONFIG_FILE, origin: "default" as const };
}

/** The file's text, or undefined for an absent default file (running without one is normal). */
function readText(path: string, origin: ConfigOrigin, fail: ConfigErrorFactory) {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && origin === "default") return undefined;
    const why = code === "ENOENT" ? `no such file (named by ${origin})` : `cannot read (${code})`;
    throw fail(`config ${path}: ${why}`);
  }
}

/**
 * The parsed file, or one line with the line:column of the syntax error. V8's own message is
 * never shown: it quotes a slice of the file, which may be part of a secret (DESIGN.md §9).
 */
function parseJson(text: string, path: string, fail: ConfigErrorFactory): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    throw fail(
      `config ${path}: not valid JSON${position ? ` at ${lineColumn(text, Number(position))}` : ""}`,
    );
  }
}

/** `line:column` (both from 1) of the character at `offset`. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

let validate: ReturnType<Ajv["compile"]> | undefined;

/** The first schema violation as `key: what it must be`, naming the key as the file spells it. */
function describe(error: ErrorObject): string {
  const path = error.instancePath.split("/").filter(Boolean);
  if (error.keyword === "additionalProperties") {
    const key = [...path, (error.params as { additionalProperty: string }).additionalProperty];
    const meant = suggestKey(key.join("."));
    return `${key.join(".")}: unknown key${meant ? ` (did you mean ${meant}?)` : ""}`;
  }
  const setting = SETTINGS.find((s) => s.key === path.slice(0, s.key.split(".").length).join("."));
  if (setting) return `${setting.key}: ${kindMessage(setting.kind)}`;
  if (path[0] === "$schema") return "$schema: must be a string (this schema's URL or path)";
  return `${path.join(".") || "(top level)"}: must be an object`;
}

/** Variable → string for every key the (valid) file sets. */
function flatten(document: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  const read = (setting: Setting) => {
    const [first = "", second] = setting.key.split(".");
    if (second === undefined) return document[first];
    return (document[first] as Record<string, unknown> | undefined)?.[second];
  };
  for (const setting of SETTINGS) {
    const value = read(setting);
    if (value === undefined) continue;
    values[setting.env] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return values;
}

/**
 * Finds and checks the config file: `--config FILE` in `argv`, else `CPOD_CONFIG`, else
 * `./cpod.config.json` when it exists. Answers undefined when there is none; a named file that
 * is missing, unparsable, holds an unknown key or a bad value throws `fail("config <path>: …")`,
 * one line naming the key, so each program reports it as its own ConfigError.
 *
 * @example
 *   const file = readConfigFile(argv, process.env, (m) => new ConfigError(m));
 */
export function readConfigFile(
  argv: readonly string[],
  env: Env,
  fail: ConfigErrorFactory,
): ConfigFile | undefined {
  const { path, origin } = locate(argv, env, fail);
  const text = readText(path, origin, fail);
  if (text === undefined) return undefined;
  const document = parseJson(text, path, fail);
  validate ??= new Ajv({ allErrors: false, strict: true }).compile(configSchema());
  if (!validate(document)) {
    const first = validate.errors?.[0];
    throw fail(`config ${path}: ${first ? describe(first) : "invalid"}`);
  }
  return { path, origin, values: flatten(document as Record<string, unknown>) };
}
