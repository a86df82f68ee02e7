/**
 * The arguments a long-running program (`cpod dev|gateway|control-plane|sidecar`) takes: only
 * `--config FILE` (read by lib/config itself) and `--help`. Everything else is a mistake to name
 * rather than ignore: before this, `cpod sidecar --help` started a sidecar on the default ports.
 */
export type ProgramArgs = "help" | "run" | { unknown: string };

/** What `cpod <program> <args>` asks for: help, a run, or the first option it does not know. */
export function parseProgramArgs(argv: readonly string[]): ProgramArgs {
  if (argv.some((arg) => arg === "--help" || arg === "-h")) return "help";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--config") i++;
    else if (!arg.startsWith("--config=")) return { unknown: arg };
  }
  return "run";
}

/** The usage text of a program: its line, what it does, and where its settings are described. */
export function programUsage(name: string, summary: string, settings: string[]): string {
  return [
    `usage: cpod ${name} [--config FILE]`,
    "",
    summary,
    "",
    "  --config FILE  read settings from FILE (else $CPOD_CONFIG, else ./cpod.config.json if present)",
    "  -h, --help     this text",
    "",
    "settings (environment variables, over the config file; docs/configuration.md):",
    ...settings.map((line) => `  ${line}`),
    "",
    "Every setting: docs/production.md. Problems: docs/troubleshooting.md.",
  ].join("\n");
}
