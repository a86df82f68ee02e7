import { locateLibchdb } from "../../lib/embedded/clickhouse/locate-clickhouse.js";

/**
 * Which real backing servers a test run has.
 *
 * Suites that need a real server (PostgreSQL, Redis, MinIO, FerretDB, …) read its address from
 * `process.env` and nothing else: the values come from `eval "$(bash scripts/services.sh env)"`
 * (see docs/services.md). The helpers never start servers or read the script's output
 * themselves, so what a run tested is exactly what its environment says.
 *
 * Locally, a suite whose variables are unset is skipped (it shows up as skipped, named after
 * its variable), so `npx vitest run` works on a laptop with no servers. With `CI=true` a missing
 * variable throws at collection time and fails the file: CI must never pass by silently
 * skipping the tests that talk to real servers.
 *
 * Usage:
 *
 *   const url = serviceUrl("CPOD_REDIS_URL");
 *   describe.skipIf(!url)("redis (CPOD_REDIS_URL)", () => { … url! … });
 *
 *   const s3 = serviceEnv("minio", ["CPOD_S3_ENDPOINT", "CPOD_S3_BUCKET"] as const);
 *   describe.skipIf(!s3)("minio", () => { … s3!.CPOD_S3_ENDPOINT … });
 */

/** True when running under CI, where a missing service is an error rather than a skip. */
export const inCI = process.env.CI === "true";

function missing(service: string, unset: string[]): undefined {
  if (inCI) {
    const what = `${unset.join(", ")} ${unset.length > 1 ? "are" : "is"} not set`;
    throw new Error(
      `${unset.includes(service) ? "" : `${service}: `}${what}, and CI=true: suites that need a real server must run there. ` +
        `Start the servers with 'bash scripts/services.sh start' and ` +
        `'eval "$(bash scripts/services.sh env)"' before running the tests.`,
    );
  }
  return undefined;
}

/**
 * All of `vars` from the environment, or `undefined` (suite to skip) when any is unset
 * locally. Throws under CI when any is unset.
 */
export function serviceEnv<const K extends string>(
  service: string,
  vars: readonly K[],
): Record<K, string> | undefined {
  const unset = vars.filter((v) => !process.env[v]);
  if (unset.length > 0) return missing(service, unset);
  return Object.fromEntries(vars.map((v) => [v, process.env[v] as string])) as Record<K, string>;
}

/** The URL in `envVar`, or `undefined` (suite to skip) locally; throws under CI when unset. */
export function serviceUrl(envVar: string): string | undefined {
  return serviceEnv(envVar, [envVar])?.[envVar];
}

/**
 * Same as {@link serviceUrl}, naming the service in the CI error:
 * `requireService("redis", "CPOD_REDIS_URL")`.
 */
export function requireService(name: string, envVar: string): string | undefined {
  return serviceEnv(name, [envVar])?.[envVar];
}

/**
 * An optional in-process dependency (such as `chdb`, an optionalDependency of ~0.5 GB): the
 * module, or `undefined` (suite to skip) locally when it is not installed; throws under CI,
 * where it must be installed.
 */
export async function optionalModule<T = unknown>(specifier: string): Promise<T | undefined> {
  try {
    return (await import(specifier)) as T;
  } catch (err) {
    if (inCI)
      throw new Error(`optional module '${specifier}' failed to load, and CI=true`, { cause: err });
    return undefined;
  }
}

/**
 * The ClickHouse engine library the embedded server runs (from the optional `chdb` package), or
 * `undefined` (suite to skip) locally when it is not installed; throws under CI, where it must be.
 */
export function clickhouseEngine(): string | undefined {
  try {
    return locateLibchdb();
  } catch (error) {
    if (inCI) throw error;
    return undefined;
  }
}
