import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { EmbeddedPostgresError } from "./embedded-postgres-error.js";

/** The user initdb and postgres run as; undefined means "as this process". */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

/** `nobody`'s ids from /etc/passwd (Node has no getpwnam); the Debian ids when it is absent. */
function nobody(): ServerUser {
  try {
    for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
      const [name, , uid, gid] = line.split(":");
      if (name === "nobody") return { name, uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    // no /etc/passwd: fall through to the usual ids
  }
  return { name: "nobody", uid: 65534, gid: 65534 };
}

/**
 * PostgreSQL refuses to run as root, so a root process (CI, containers) runs it as `nobody`;
 * anyone else runs it as themselves.
 *
 * @example
 *   const user = serverUser(); // undefined unless running as root
 */
export function serverUser(): ServerUser | undefined {
  return process.getuid?.() === 0 ? nobody() : undefined;
}

/** Hands `path` to the server user (a no-op when the server runs as this process's user). */
export function giveTo(user: ServerUser | undefined, path: string): void {
  if (user) chownSync(path, user.uid, user.gid);
}

/** True when `user` can enter `dir` (and every folder above it). */
function canEnter(user: ServerUser, dir: string): boolean {
  const probe = spawnSync("/bin/sh", ["-c", 'cd "$0"', dir], { uid: user.uid, gid: user.gid });
  return probe.status === 0;
}

/**
 * Lets the server user through the folder that holds the cluster when this process made it
 * private (a 0700 `CPOD_DATA_DIR`, as cpod creates it): the folder's group becomes the server
 * user's and gets search permission only (0710), so postgres can reach its own folder while
 * other users still cannot, and nobody can list the secrets beside it. Folders above it are
 * never changed. Returns whether it changed anything.
 */
export function letServerUserIn(user: ServerUser | undefined, dataDir: string): boolean {
  const parent = dirname(dataDir);
  if (!user || canEnter(user, parent)) return false;
  const stat = statSync(parent);
  if (stat.uid !== process.getuid?.() || !canEnter(user, dirname(parent))) return false;
  chownSync(parent, stat.uid, user.gid);
  chmodSync(parent, (stat.mode & 0o7777) | 0o010);
  return true;
}

/**
 * Fails with a message that says what to do when `user` cannot reach the folder `dataDir` goes
 * in (a folder above it closed to other users, as /root is) — else initdb would fail later
 * with a bare "permission denied".
 */
export function assertReachable(user: ServerUser | undefined, dataDir: string): void {
  if (!user) return;
  const parent = dirname(dataDir);
  if (canEnter(user, parent)) return;
  throw new EmbeddedPostgresError(
    "data_dir_unreachable",
    `the embedded PostgreSQL cannot run in ${dataDir}: PostgreSQL refuses to run as root, so ` +
      `cpod runs it as the user "${user.name}", who cannot reach ${parent} (a folder above it ` +
      "is closed to other users, like /root). Put CPOD_DATA_DIR where other users can reach " +
      "(e.g. under /tmp or /srv), run cpod as a regular user, or set CPOD_POSTGRES_URL.",
  );
}
