/**
 * The single entry point of every cPod program. Each command lazily imports its program's
 * `main.ts` (the only place that reads env, listens and handles signals), so `cpod sidecar`
 * never loads the gateway's dependencies and vice versa.
 */

import { parseProgramArgs } from "./program-args.js";
import { PROGRAM_USAGE } from "./program-usage.js";

/** A runnable program or admin command: resolves with the process exit code once it has shut down. */
type ProgramMain = (argv: string[]) => Promise<number>;

/** An admin command, loaded (like the programs) only when it runs. */
function admin(name: string, summary: string) {
  return {
    summary,
    load: async (): Promise<ProgramMain> => {
      const { adminMain } = await import("./admin/main.js");
      return (argv) => adminMain(name, argv);
    },
  };
}

const COMMANDS: Record<string, { summary: string; load: () => Promise<ProgramMain> }> = {
  dev: {
    summary: "gateway, control plane and sidecar in one process on embedded stores",
    load: async () => (await import("./dev.js")).main,
  },
  gateway: {
    summary: "cpod-backend, the public REST gateway (default 127.0.0.1:8000)",
    load: async () => (await import("../server/gateway/main.js")).main,
  },
  "control-plane": {
    summary: "tenants, OAuth apps and signing keys (internal, default 127.0.0.1:8080)",
    load: async () => (await import("../server/control-plane/main.js")).main,
  },
  sidecar: {
    summary: "the CoreSDK gRPC sidecar (loopback only, default [::1]:50051)",
    load: async () => (await import("../sidecar/main.js")).main,
  },
  config: {
    summary: "print the effective configuration (config file + env), secrets redacted",
    load: async () => (await import("./config.js")).main,
  },
  // Admin commands: clients of the control plane's public contract (bin/admin/README.md).
  tenants: admin("tenants", "create, list, get, update, suspend and resume tenants"),
  apps: admin("apps", "create, list, get, rotate-secret and delete OAuth apps"),
  keys: admin("keys", "rotate the token-signing key"),
  token: admin("token", "get an access token for an app (client credentials)"),
  audit: admin("audit", "export a tenant's audit chain; verify an export offline"),
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`,
  );
  return [
    "usage: cpod <command> [options]",
    "",
    "commands:",
    ...lines,
    "",
    "`cpod <command> --help` describes one. Exit codes: 0 done, 1 refused or failed, 2 usage.",
  ].join("\n");
}

/** Dispatches `cpod <command>`; an unknown command is one clear line and exit code 2. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`cpod: unknown command "${name}" (try: ${Object.keys(COMMANDS).join(", ")})`);
    return 2;
  }
  const programUsage = PROGRAM_USAGE[name];
  if (programUsage) {
    const args = parseProgramArgs(rest);
    if (args === "help") {
      console.log(programUsage);
      return 0;
    }
    if (args !== "run") {
      console.error(`cpod ${name}: unknown option "${args.unknown}" (try: cpod ${name} --help)`);
      return 2;
    }
  }
  const program = await command.load();
  return program(rest);
}
