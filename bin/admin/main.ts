import { APPS } from "./apps.js";
import { AUDIT } from "./audit/audit-commands.js";
import { type Command, type CommandGroup, groupHelp, runCommand } from "./command.js";
import { exitCodeOf, isQuiet, oneLine, UsageError } from "./errors.js";
import { KEYS } from "./keys.js";
import { TENANTS } from "./tenants.js";
import { TOKEN } from "./token.js";

/** The admin commands by name: groups of subcommands, or a single command (`token`). */
export const ADMIN: Record<string, CommandGroup | Command> = {
  tenants: TENANTS,
  apps: APPS,
  keys: KEYS,
  token: TOKEN,
  audit: AUDIT,
};

const isGroup = (entry: CommandGroup | Command): entry is CommandGroup => "commands" in entry;

/** The command `argv` names inside `entry`, its path (`tenants create`) and its own arguments. */
function locate(name: string, entry: CommandGroup | Command, argv: string[]) {
  if (!isGroup(entry)) return { path: name, command: entry, rest: argv };
  const [sub, ...rest] = argv;
  const names = entry.commands.map((c) => c.name).join(", ");
  if (!sub || sub.startsWith("-")) return { path: name, command: undefined, rest: argv };
  const command = entry.commands.find((c) => c.name === sub);
  if (!command) throw new UsageError(`unknown command "${sub}" (try: ${names})`);
  return { path: `${name} ${sub}`, command, rest };
}

/**
 * Runs `cpod <name> …` for an admin command: help on stdout (exit 0); any failure as one line
 * `cpod <command>: <why>` on stderr with the exit code errors.ts assigns (2 usage, 1 refused or
 * failed).
 */
export async function adminMain(name: string, argv: string[]): Promise<number> {
  const entry = ADMIN[name];
  if (!entry) throw new TypeError(`adminMain: no admin command "${name}"`);
  let path = name;
  try {
    const found = locate(name, entry, argv);
    path = found.path;
    if (found.command) return await runCommand(path, found.command, found.rest, console.log);
    if (found.rest.includes("--help") || found.rest.includes("-h")) {
      console.log(groupHelp(entry as CommandGroup));
      return 0;
    }
    const names = (entry as CommandGroup).commands.map((c) => c.name).join(", ");
    throw new UsageError(`missing command (try: ${names}; or --help)`);
  } catch (error) {
    if (!isQuiet(error)) console.error(`cpod ${path}: ${oneLine(error)}`);
    return exitCodeOf(error);
  }
}
