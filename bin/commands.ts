/**
 * The single entry point of every cPod program. Each command lazily imports its program's
 * `main.ts` (the only place that reads env, listens and handles signals), so `cpod sidecar`
 * never loads the gateway's dependencies and vice versa.
 */

/** A runnable program: resolves with the process exit code once it has shut down. */
type ProgramMain = (argv: string[]) => Promise<number>;

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
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`,
  );
  return ["usage: cpod <command> [options]", "", "commands:", ...lines].join("\n");
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
  const program = await command.load();
  return program(rest);
}
