import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The Python script that runs the engine on a main thread (why: see its docstring). */
export const LAUNCHER_PATH = fileURLToPath(new URL("./launcher.py", import.meta.url));

/**
 * The engine package chdb installs for this platform, or `undefined` where chdb ships no
 * `libchdb.so` we have run as a server (only Linux glibc builds are verified).
 */
export function enginePackage(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string | undefined {
  if (platform !== "linux" || (arch !== "x64" && arch !== "arm64")) return undefined;
  return `@chdb/lib-linux-${arch}-gnu`;
}

/**
 * The path of chdb's `libchdb.so` (ClickHouse's engine as a library), resolved from this
 * module the way Node would import it. Throws an Error saying what is missing: the platform, the
 * optional `chdb` package, or the library file inside it.
 *
 * @example
 *   const library = locateLibchdb(); // ".../node_modules/@chdb/lib-linux-x64-gnu/libchdb.so"
 */
export function locateLibchdb(): string {
  const pkg = enginePackage();
  if (!pkg) {
    throw new Error(
      `embedded ClickHouse runs only on Linux x64/arm64 (glibc), not ${process.platform}-${process.arch}: set CPOD_CLICKHOUSE_URL to a ClickHouse server`,
    );
  }
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
  } catch (cause) {
    throw new Error(
      `embedded ClickHouse needs the optional npm package 'chdb' (its engine ${pkg} is not installed): run npm install without --omit=optional, or set CPOD_CLICKHOUSE_URL`,
      { cause },
    );
  }
  const library = join(dirname(packageJson), "libchdb.so");
  if (!existsSync(library)) {
    throw new Error(`embedded ClickHouse: ${pkg} is installed but has no ${library}`);
  }
  return library;
}
