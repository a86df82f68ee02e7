import { type EffectiveConfig, effectiveConfig } from "../lib/config/effective.js";
import { SET_BY_CPOD_DEV } from "../lib/config/settings.js";

const PROGRAM = "cpod config";

const HELP = `usage: cpod config [--config FILE] [--json]

Prints the configuration the programs would run with: the config file (--config FILE, else
$CPOD_CONFIG, else ./cpod.config.json if present) under the environment, which wins. Each key
shows its variable and source (env, file, or default: the program's own default). Secrets are
redacted, and so are passwords inside URLs. OTEL_* (tracing) are the OpenTelemetry SDK's own
variables, not config keys, and are not shown. See docs/configuration.md.

options:
  --config FILE  read this file (it must exist)
  --json         one JSON object, for scripts
  -h, --help     this text`;

/** A bad argument or config file: one line, exit 2, as the programs do. */
class ConfigCommandError extends Error {
  override readonly name = "ConfigCommandError";
}

/** The options other than `--config` (which readConfigFile takes from argv itself). */
function options(argv: string[]): { json: boolean; help: boolean } {
  const seen = { json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") seen.json = true;
    else if (arg === "--help" || arg === "-h") seen.help = true;
    else if (arg === "--config") i++;
    else if (!arg?.startsWith("--config=")) throw new ConfigCommandError(`unknown option ${arg}`);
  }
  return seen;
}

const ORIGIN = {
  "--config": "named by --config",
  CPOD_CONFIG: "named by CPOD_CONFIG",
  default: "found in the working directory",
} as const;

function table(config: EffectiveConfig): string {
  const file = config.file
    ? `${config.file.path} (${ORIGIN[config.file.origin]})`
    : "none (no --config, no CPOD_CONFIG, no ./cpod.config.json)";
  const header = ["key", "variable", "source", "value"];
  const rows = config.values.map((v) => [v.key, v.env, v.source, v.value ?? "-"]);
  const widths = [0, 1, 2].map((c) => Math.max(...[header, ...rows].map((r) => r[c]?.length ?? 0)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c] ?? 0) : cell)).join("  ");
  return [
    `config file: ${file}`,
    "",
    line(["key", "variable", "source", "value"]),
    ...rows.map(line),
    ...devNote(config),
  ]
    .map((l) => l.trimEnd())
    .join("\n");
}

/** A reminder, when any is set, that `cpod dev` replaces these keys with its own wiring. */
function devNote(config: EffectiveConfig): string[] {
  const set = config.values.filter(
    (v) => v.source !== "default" && SET_BY_CPOD_DEV.includes(v.key),
  );
  if (set.length === 0) return [];
  const keys = set.map((v) => v.key).join(", ");
  return [
    "",
    `note: cpod dev sets ${keys} itself (to the programs it starts); these values apply when each program runs on its own.`,
  ];
}

/**
 * `cpod config`: the effective configuration (file + env), secrets redacted; `--json` for
 * scripts. A bad file is the same one line the programs would print at start, exit 2.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    const { json, help } = options(argv);
    if (help) {
      console.log(HELP);
      return 0;
    }
    const config = effectiveConfig(argv, process.env, (m) => new ConfigCommandError(m));
    console.log(json ? JSON.stringify(config, null, 2) : table(config));
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigCommandError)) throw error;
    console.error(`${PROGRAM}: ${error.message}`);
    return 2;
  }
}
