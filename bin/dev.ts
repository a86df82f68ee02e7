import { withConfigFile } from "../lib/config/configured.js";
import { ConfigError as ControlPlaneConfigError } from "../server/control-plane/config-error.js";
import { ConfigError as GatewayConfigError } from "../server/gateway/config-error.js";
import { loggerOptions, parseLogLevel } from "../server/shared/http/logging.js";
import { ConfigError as SidecarConfigError } from "../sidecar/config.js";
import type { DevCredentials } from "./dev/dev-credentials.js";
import { startDevPlatform } from "./dev/dev-platform.js";
import { devExportLines } from "./dev/export-lines.js";

const PROGRAM = "cpod dev";

function banner(c: DevCredentials, file: string, created: boolean): string {
  const curl = [
    `TOKEN=$(curl -s ${c.base_url}/v1/oauth/token -d grant_type=client_credentials`,
    `-u '${c.client_id}:${c.client_secret}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
  ].join(" ");
  return [
    "",
    `cPod dev is running${created ? " (first run: dev tenant and app created)" : ""}`,
    `  base URL       ${c.base_url}   (docs: ${c.base_url}/docs)`,
    `  tenant         ${c.tenant_id}`,
    `  client id      ${c.client_id}`,
    `  client secret  ${c.client_secret}`,
    `  control plane  ${c.control_plane_url}   (admin API, internal)`,
    `  saved in       ${file}`,
    "",
    "Paste into your shell (the SDKs, their examples and the admin API read these):",
    ...devExportLines(c).map((line) => `  ${line}`),
    "",
    "Try it:",
    `  ${curl}`,
    `  curl -s ${c.base_url}/v1/entities/people -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"display_name":"Ada Lovelace"}'`,
    "",
    "Administer it (the admin commands read the saved file: run them here or set CPOD_DATA_DIR):",
    "  npx cpod tenants list   ·   npx cpod apps --help   ·   npx cpod audit --help",
    "",
    "Ctrl-C stops everything; data stays under the data dir for the next run.",
    "",
  ].join("\n");
}

/**
 * `cpod dev` (`npm start`): gateway, control plane and sidecar in this one process on embedded
 * stores; prints the dev credentials and a working curl line; Ctrl-C (or SIGTERM) shuts all
 * three down cleanly. Settings come from the env over the config file (`--config FILE`); bad ones
 * stop it with one line naming the variable or key (exit 2).
 */
export async function main(argv: string[]): Promise<number> {
  let platform: Awaited<ReturnType<typeof startDevPlatform>>;
  try {
    const configError = (m: string) => new ControlPlaneConfigError(m);
    platform = await withConfigFile(argv, process.env, configError, (env) => {
      const level = parseLogLevel(env.CPOD_LOG_LEVEL, configError);
      return startDevPlatform(env, (program) => loggerOptions(program, level));
    });
  } catch (error) {
    const config = [SidecarConfigError, ControlPlaneConfigError, GatewayConfigError].some(
      (type) => error instanceof type,
    );
    console.error(`${PROGRAM}: ${config ? "" : "cannot start: "}${(error as Error).message}`);
    return config ? 2 : 1;
  }
  console.log(banner(platform.credentials, platform.credentialsFile, platform.created));
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  console.log(`${PROGRAM}: shutting down`);
  await platform.close();
  console.log(`${PROGRAM}: stopped`);
  return 0;
}
