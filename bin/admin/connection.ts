import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configuredEnv } from "../../lib/config/configured.js";
import { DEV_CREDENTIALS_FILE } from "../dev/dev-credentials.js";
import type { Values } from "./args.js";
import { UsageError } from "./errors.js";

/** Where the admin commands send their calls, and as whom. */
export interface Connection {
  url: string;
  adminToken: string;
  /** The dev credentials file when one was read (it also names the dev app, for `cpod token`). */
  dev: DevFile | undefined;
}

/** The members of `<dataDir>/dev-credentials.json` the admin commands use. */
export interface DevFile {
  path: string;
  control_plane_url?: string;
  admin_token?: string;
  tenant_id?: string;
  client_id?: string;
  client_secret?: string;
}

type Env = Record<string, string | undefined>;

/**
 * The admin commands' environment as the programs read theirs: the variables over the config
 * file (`--config FILE`, else `$CPOD_CONFIG`, else `./cpod.config.json`; docs/configuration.md),
 * so `dataDir`, `adminToken` and `gateway.controlPlaneUrl` in the file count. A bad file is a
 * usage error (exit 2), one line naming the key, as at a program's start.
 */
function configured(values: Values, env: Env): Env {
  const argv = typeof values.config === "string" ? ["--config", values.config] : [];
  return configuredEnv(argv, env, (m) => new UsageError(m));
}

/** The dev credentials file `cpod dev` wrote, or undefined when there is none. */
export function readDevFile(values: Values, env: Env): DevFile | undefined {
  return devFile(values, configured(values, env));
}

/** readDevFile, given the configured environment. */
function devFile(values: Values, env: Env): DevFile | undefined {
  const flag = typeof values["data-dir"] === "string" ? values["data-dir"] : undefined;
  const path = join(flag || env.CPOD_DATA_DIR || ".cpod", DEV_CREDENTIALS_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && !flag) return undefined;
    throw new UsageError(`cannot read ${path} (${(error as Error).message})`);
  }
  try {
    return { ...(JSON.parse(text) as object), path };
  } catch {
    throw new UsageError(`${path} is not JSON; restart \`cpod dev\` to rewrite it`);
  }
}

/**
 * The control plane to call, each value from the first place that has it: the `--url` flag,
 * then `CPOD_CONTROL_PLANE_URL` / `CPOD_ADMIN_TOKEN`, then the config file's
 * `gateway.controlPlaneUrl` / `adminToken`, then the dev credentials file of a running
 * `cpod dev` (`--data-dir`, else `$CPOD_DATA_DIR`, else the file's `dataDir`, else `./.cpod`, as
 * `cpod dev` picks it). The admin token has no flag on purpose: a command line is visible to
 * every local user (`ps`).
 */
export function resolveConnection(
  values: Values,
  env: Env = process.env,
  opts: { adminToken: boolean } = { adminToken: true },
): Connection {
  const settings = configured(values, env);
  const dev = devFile(values, settings);
  const flagUrl = typeof values.url === "string" ? values.url : undefined;
  const url = flagUrl || settings.CPOD_CONTROL_PLANE_URL || dev?.control_plane_url;
  const adminToken = settings.CPOD_ADMIN_TOKEN || dev?.admin_token || "";
  if (!url || (opts.adminToken && !adminToken)) {
    const missing = !url
      ? "CPOD_CONTROL_PLANE_URL (or --url, or gateway.controlPlaneUrl in the config file)"
      : "CPOD_ADMIN_TOKEN (or adminToken in the config file)";
    throw new UsageError(
      `no control plane: set ${missing}, or run \`cpod dev\` (its ${DEV_CREDENTIALS_FILE} under --data-dir, $CPOD_DATA_DIR, the file's dataDir or ./.cpod is read)`,
    );
  }
  try {
    new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not a URL (the control plane's, e.g. http://127.0.0.1:8080)`);
  }
  return { url, adminToken, dev };
}
