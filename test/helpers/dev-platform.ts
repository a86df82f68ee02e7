import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const REPO = new URL("../../", import.meta.url).pathname;

/** A `cpod dev` child process and the credentials it printed and saved. */
export interface RunningDevPlatform {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  adminToken: string;
  tenantId: string;
  dataDir: string;
  /** The `cpod dev` process. */
  pid: number;
  /** Everything the process wrote so far (stdout and stderr interleaved). */
  output(): string;
  /** `Authorization: Bearer …` for a fresh client-credentials token of the dev app. */
  bearer(): Promise<{ authorization: string }>;
  /** SIGINT, as Ctrl-C would; resolves with the exit code once the process is gone. */
  stop(): Promise<number | null>;
}

/**
 * Env for the child: the test's own env minus every store URL, so `cpod dev` runs on its
 * embedded defaults exactly as on a fresh machine, on free ports so runs never collide.
 */
function childEnv(dataDir: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^CPOD_(.*_URL|S3_.*|MASTER_KEY.*|ADMIN_TOKEN)$|^CORESDK_/.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    CPOD_DATA_DIR: dataDir,
    CPOD_GATEWAY_ADDR: "127.0.0.1:0",
    CPOD_CONTROL_PLANE_ADDR: "127.0.0.1:0",
    CORESDK_LISTEN_ADDR: "[::1]:0",
    CORESDK_METRICS_ADDR: "127.0.0.1:0",
    ...extra,
  };
}

/**
 * Starts `node bin/cpod.js dev` over real sockets and waits for its banner. Reusing `dataDir`
 * restarts against the same data (the restart test); by default a fresh temp dir is used.
 */
export async function startDevPlatform(
  opts: {
    dataDir?: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    /** Another checkout to run `bin/cpod.js` from (the new-entity-type test); default this one. */
    root?: string;
  } = {},
): Promise<RunningDevPlatform> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "cpod-dev-"));
  const cpod = join(opts.root ?? REPO, "bin", "cpod.js");
  const child: ChildProcess = spawn(process.execPath, [cpod, "dev"], {
    env: childEnv(dataDir, opts.env ?? {}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`cpod dev did not start in time:\n${output}`)),
      opts.timeoutMs ?? 150_000,
    );
    child.stdout?.on("data", () => {
      if (output.includes("cPod dev is running")) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`cpod dev exited with ${code} before it was ready:\n${output}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const saved = JSON.parse(readFileSync(join(dataDir, "dev-credentials.json"), "utf8"));
  return {
    baseUrl: saved.base_url,
    clientId: saved.client_id,
    clientSecret: saved.client_secret,
    adminToken: saved.admin_token,
    tenantId: saved.tenant_id,
    dataDir,
    pid: child.pid ?? 0,
    output: () => output,
    async bearer() {
      const response = await fetch(`${saved.base_url}/v1/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: saved.client_id,
          client_secret: saved.client_secret,
        }),
      });
      if (response.status !== 200) {
        throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
      }
      const { access_token } = (await response.json()) as { access_token: string };
      return { authorization: `Bearer ${access_token}` };
    },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
