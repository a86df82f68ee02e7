import { COMMON_FLAGS, CONNECTION_FLAGS, type FlagSpecs, parseFlags, type Values } from "./args.js";
import { type Connection, resolveConnection } from "./connection.js";
import { ControlPlaneClient } from "./control-plane-client.js";
import type { Output } from "./output.js";

/** What a command's `run` gets: its parsed arguments and, lazily, the control plane. */
export interface CommandContext {
  values: Values;
  args: string[];
  out: Output;
  /** The control plane from flags, env or the dev file (connection.ts); resolved on first use. */
  connection(): Connection;
  client(): ControlPlaneClient;
}

/** One admin command (`cpod tenants create`, `cpod token`). */
export interface Command {
  name: string;
  summary: string;
  /** The synopsis after the command's name, e.g. "TENANT_ID [--name NAME]". */
  synopsis: string;
  flags: FlagSpecs;
  /** False for commands that never call the control plane (`audit verify`). */
  remote?: boolean;
  /** False for calls that authenticate otherwise (`token`: the app's own credentials). */
  admin?: boolean;
  /** Resolves with the exit code; throws the typed errors of errors.ts. */
  run(ctx: CommandContext): Promise<number | undefined>;
}

/** A group of subcommands (`cpod tenants …`). */
export interface CommandGroup {
  name: string;
  summary: string;
  commands: Command[];
}

/** Every flag `command` accepts: its own, the common ones, and the connection ones if remote. */
export function allFlags(command: Command): FlagSpecs {
  return {
    ...command.flags,
    ...(command.remote === false ? {} : CONNECTION_FLAGS),
    ...COMMON_FLAGS,
  };
}

/** `--help` of one command: synopsis, summary and one line per flag. */
export function commandHelp(path: string, command: Command): string {
  const flags = Object.entries(allFlags(command));
  const width = Math.max(...flags.map(([name, f]) => flagLabel(name, f.short).length));
  return [
    `usage: cpod ${path} ${command.synopsis}`.trimEnd(),
    "",
    command.summary,
    "",
    "options:",
    ...flags.map(([name, f]) => `  ${flagLabel(name, f.short).padEnd(width)}  ${f.help}`),
  ].join("\n");
}

const flagLabel = (name: string, short?: string) => (short ? `-${short}, --${name}` : `--${name}`);

/** `--help` of a group: its subcommands. */
export function groupHelp(group: CommandGroup): string {
  const width = Math.max(...group.commands.map((c) => c.name.length));
  return [
    `usage: cpod ${group.name} <command> [options]`,
    "",
    group.summary,
    "",
    "commands:",
    ...group.commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    `\`cpod ${group.name} <command> --help\` describes one.`,
  ].join("\n");
}

/** Parses `argv` for `command` and runs it (or prints its help). */
export async function runCommand(
  path: string,
  command: Command,
  argv: string[],
  stdout: (text: string) => void,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, allFlags(command));
  if (values.help) {
    stdout(commandHelp(path, command));
    return 0;
  }
  let connection: Connection | undefined;
  const connect = () => {
    connection ??= resolveConnection(values, process.env, { adminToken: command.admin !== false });
    return connection;
  };
  let client: ControlPlaneClient | undefined;
  const ctx: CommandContext = {
    values,
    args: positionals,
    out: { json: values.json === true, stdout },
    connection: connect,
    client: () => {
      client ??= new ControlPlaneClient(connect().url, connect().adminToken);
      return client;
    },
  };
  return (await command.run(ctx)) ?? 0;
}
