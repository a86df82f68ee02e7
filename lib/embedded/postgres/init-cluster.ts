import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { EmbeddedPostgresError } from "./embedded-postgres-error.js";
import { assertReachable, giveTo, letServerUserIn, type ServerUser } from "./server-user.js";

const run = promisify(execFile);

/** The superuser initdb creates; its password is generated per cluster. */
export const SUPERUSER = "cpod";
/** The superuser's password, 0600 inside the data dir (which is 0700 itself). */
export const PASSWORD_FILE = "cpod-superuser.password";

/** The superuser's password of an initialised cluster. */
export function readPassword(dataDir: string): string {
  return readFileSync(join(dataDir, PASSWORD_FILE), "utf8").trim();
}

/**
 * Makes the cluster in `dataDir` unless one is there: UTF8 without locale, the superuser with a
 * generated password, scram-sha-256 for every connection (no `trust`: other local users must
 * not get in). initdb writes into a staging folder beside `dataDir` that is renamed into place
 * when complete, so a crash never leaves a half-made cluster, and of two processes initialising
 * at once one wins and the other uses its cluster.
 *
 * @example
 *   await initCluster(binaries.initdb, ".cpod/postgres", serverUser());
 */
export async function initCluster(
  initdb: string,
  dataDir: string,
  user: ServerUser | undefined,
): Promise<boolean> {
  if (existsSync(join(dataDir, "PG_VERSION"))) return false;
  mkdirSync(dirname(dataDir), { recursive: true });
  letServerUserIn(user, dataDir);
  assertReachable(user, dataDir);
  const staging = mkdtempSync(`${dataDir}.init-`);
  try {
    giveTo(user, staging);
    const pwfile = join(staging, PASSWORD_FILE);
    writeFileSync(pwfile, `${randomBytes(24).toString("hex")}\n`, { mode: 0o600 });
    giveTo(user, pwfile);
    const cluster = join(staging, "cluster");
    await runInitdb(initdb, cluster, pwfile, user);
    renameSync(pwfile, join(cluster, PASSWORD_FILE));
    moveIntoPlace(cluster, dataDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return true;
}

async function runInitdb(initdb: string, cluster: string, pwfile: string, user?: ServerUser) {
  const args = ["-D", cluster, "-U", SUPERUSER, `--pwfile=${pwfile}`, "-E", "UTF8", "--no-locale"];
  args.push("--auth-host=scram-sha-256", "--auth-local=scram-sha-256");
  try {
    await run(initdb, args, {
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      env: { LC_ALL: "C" },
    });
  } catch (error) {
    const output = (error as { stderr?: string }).stderr ?? "";
    throw new EmbeddedPostgresError("initdb_failed", `initdb failed for ${cluster}: ${output}`, {
      cause: error,
    });
  }
}

/** Renames the finished cluster to `dataDir`; another process's cluster there wins. */
function moveIntoPlace(cluster: string, dataDir: string): void {
  try {
    renameSync(cluster, dataDir); // replaces an empty folder, fails on a non-empty one
  } catch (error) {
    if (existsSync(join(dataDir, "PG_VERSION"))) return; // initialised meanwhile by another process
    throw new EmbeddedPostgresError(
      "initdb_failed",
      `${dataDir} exists and is not a PostgreSQL data dir: move it away or point CPOD_DATA_DIR elsewhere`,
      { cause: error },
    );
  }
}
