import { execFile as execFileCb } from "node:child_process";
import { promisify } from "node:util";
import { CALLER_HEADERS } from "./sidecar.js";

const execFile = promisify(execFileCb);
const ROOT = new URL("../..", import.meta.url).pathname;

/**
 * A stock gRPC client: `buf curl --protocol grpc` with HTTP/2 prior knowledge and the repo's own
 * buf workspace as the schema (`--schema .`: proto/ plus the vendored buf/validate, so nothing is
 * fetched). Answers the response message as buf prints it (protojson). `headers` default to the
 * test sidecar's caller credential (CALLER_HEADERS), as a configured client would send it.
 *
 * @example
 *   await bufCurl(`http://[::1]:${port}/coresdk.v1.AuthService/ValidateToken`, { token: "x" });
 */
export async function bufCurl(
  url: string,
  body: unknown,
  headers: Readonly<Record<string, string>> = CALLER_HEADERS,
): Promise<Record<string, unknown>> {
  const args = ["--no-install", "buf", "curl", "--schema", ".", "--protocol", "grpc"];
  for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}: ${value}`);
  args.push("--http2-prior-knowledge", "--data", JSON.stringify(body), url);
  const { stdout } = await execFile("npx", args, { cwd: ROOT });
  return JSON.parse(stdout) as Record<string, unknown>;
}
