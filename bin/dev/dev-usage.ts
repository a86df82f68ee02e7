/**
 * `cpod dev --help`. Before it existed, `cpod dev --help` ignored the flag and started the whole
 * platform on the default ports, which is the last thing someone asking for help expects.
 */
export const DEV_USAGE = [
  "usage: cpod dev [--config FILE]",
  "",
  "Runs the gateway, control plane and sidecar in one process on embedded stores, creates a dev",
  "tenant and app on first run, and prints their credentials as export lines. Ctrl-C stops it.",
  "",
  "  --config FILE  read settings from FILE (else $CPOD_CONFIG, else ./cpod.config.json if present)",
  "",
  "settings (environment variables, over the config file; docs/configuration.md):",
  "  CPOD_DATA_DIR            where the embedded stores live (default .cpod)",
  "  CPOD_GATEWAY_ADDR        gateway address (default 127.0.0.1:8000; port 0 = a free one)",
  "  CPOD_CONTROL_PLANE_ADDR  control plane address (default 127.0.0.1:8080)",
  "  CORESDK_LISTEN_ADDR      sidecar address (default [::1]:50051)",
  "  CORESDK_METRICS_ADDR     sidecar ops address (default 127.0.0.1:9091)",
  "  CPOD_LOG_LEVEL           info by default",
  "  CPOD_*_URL               a store URL switches that store to a real server",
  "",
  "Every setting: docs/production.md. Problems: docs/troubleshooting.md.",
].join("\n");

/**
 * What `cpod dev <args>` asks for: help, a run, or an option it does not know. `--config FILE`
 * (or `--config=FILE`) is the config loader's (lib/config), so it is let through here.
 */
export function parseDevArgs(argv: string[]): "help" | "run" | { unknown: string } {
  if (argv.some((arg) => arg === "--help" || arg === "-h")) return "help";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--config") i++;
    else if (!arg.startsWith("--config=")) return { unknown: arg };
  }
  return "run";
}
