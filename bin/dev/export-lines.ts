import type { DevCredentials } from "./dev-credentials.js";

/**
 * Single-quotes a value for a POSIX shell: the only character that needs care inside single
 * quotes is the quote itself. Today's values (URLs, ids, base64url secrets) never hold one, but a
 * CPOD_ADMIN_TOKEN the user set may, and a pasted line must never run anything.
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The `export CPOD_…` lines `cpod dev` prints, in the order a reader needs them. The names are
 * the ones the SDK READMEs (`CpodClient.fromEnv()`), the examples and the `cpod` admin commands
 * read, so pasting the block is the whole setup.
 */
export function devExportLines(c: DevCredentials): string[] {
  const vars: Array<[string, string]> = [
    ["CPOD_BASE_URL", c.base_url],
    ["CPOD_CLIENT_ID", c.client_id],
    ["CPOD_CLIENT_SECRET", c.client_secret],
    ["CPOD_TENANT_ID", c.tenant_id],
    ["CPOD_ADMIN_TOKEN", c.admin_token],
    ["CPOD_CONTROL_PLANE_URL", c.control_plane_url],
  ];
  return vars.map(([name, value]) => `export ${name}=${shellQuote(value)}`);
}
