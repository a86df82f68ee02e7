import { execFile } from "node:child_process";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** The `export CPOD_…=…` lines of a `cpod dev` banner, as a reader would copy them. */
export function exportLinesOf(output: string): string[] {
  return output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^export CPOD_[A-Z_]+=/.test(line));
}

/**
 * Evaluates the lines in a real bash with an empty environment and returns the CPOD_ variables
 * it ends up with: what a newcomer's shell holds after pasting them, quoting included.
 */
export async function evalInBash(lines: string[]): Promise<Record<string, string>> {
  const script = `${lines.join("\n")}\nenv -0`;
  const { stdout } = await exec("bash", ["--noprofile", "--norc", "-c", script], { env: {} });
  const vars: Record<string, string> = {};
  for (const entry of stdout.split("\0")) {
    const eq = entry.indexOf("=");
    if (entry.startsWith("CPOD_") && eq > 0) vars[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return vars;
}
