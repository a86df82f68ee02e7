import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { commandLine, descendants } from "../../test/helpers/process-tree.js";
import { childEnv } from "./env.js";
import { cpodArgs, freePort, Program, rssBytes } from "./processes.js";

/** One process of a tree and its memory, for the memory rows. */
export interface ProcessRss {
  pid: number;
  command: string;
  /** Resident set: every page mapped in, shared ones (libraries, PostgreSQL's shared buffers) too. */
  rss: number;
  /**
   * Proportional set: shared pages divided among the processes sharing them, so a sum over a
   * process tree counts each page once (what the tree really holds).
   */
  pss: number;
}

/** A live process's PSS in bytes (Linux /proc/<pid>/smaps_rollup), or 0 once it is gone. */
function pssBytes(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** `pid` and its descendants with their RSS and PSS (bytes), largest RSS first. */
export function treeRss(pid: number): ProcessRss[] {
  return [pid, ...descendants(pid)]
    .map((p) => ({
      pid: p,
      command: commandLine(p).slice(0, 3).join(" "),
      rss: rssBytes(p),
      pss: pssBytes(p),
    }))
    .filter((p) => p.rss > 0)
    .sort((a, b) => b.rss - a.rss);
}

/** What `cpod dev` wrote to `<dataDir>/dev-credentials.json`. */
interface DevCredentials {
  base_url: string;
  tenant_id: string;
  client_id: string;
  client_secret: string;
  admin_token: string;
}

/**
 * `npx cpod dev` as a user runs it — its own OS process on free loopback ports, every store
 * embedded under its own data dir — with the URLs and the dev credentials it printed.
 */
export class DevProcess {
  private constructor(
    readonly program: Program,
    readonly gatewayUrl: string,
    readonly controlPlaneUrl: string,
    readonly credentials: DevCredentials,
  ) {}

  /** Starts `cpod dev` on `dataDir` and waits for its credentials file and `/readyz`. */
  static async start(dataDir: string, logDir: string): Promise<DevProcess> {
    const [gateway, controlPlane, sidecar, ops] = await Promise.all(
      [0, 1, 2, 3].map(() => freePort()),
    );
    const env = childEnv({
      CPOD_DATA_DIR: dataDir,
      CPOD_GATEWAY_ADDR: `127.0.0.1:${gateway}`,
      CPOD_CONTROL_PLANE_ADDR: `127.0.0.1:${controlPlane}`,
      CORESDK_LISTEN_ADDR: `127.0.0.1:${sidecar}`,
      CORESDK_METRICS_ADDR: `127.0.0.1:${ops}`,
      CPOD_LOG_LEVEL: "warn",
    });
    const program = new Program("cpod-dev", cpodArgs("dev"), env, logDir);
    const gatewayUrl = `http://127.0.0.1:${gateway}`;
    await program.ready(`${gatewayUrl}/readyz`, 120_000);
    const file = join(dataDir, "dev-credentials.json");
    const deadline = Date.now() + 30_000;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const credentials = JSON.parse(readFileSync(file, "utf8")) as DevCredentials;
    return new DevProcess(program, gatewayUrl, `http://127.0.0.1:${controlPlane}`, credentials);
  }

  /** The whole tree's processes (cpod dev and every engine it started), largest first. */
  processes(): ProcessRss[] {
    return treeRss(this.program.pid);
  }

  /**
   * A token for a fresh tenant on the `enterprise` plan (10,000 requests per 10 s), made through
   * the control plane's admin API like any operator would: the dev tenant's `pro` plan would
   * answer 429 long before a benchmark's load.
   */
  async enterpriseToken(scopes: readonly string[]): Promise<string> {
    const admin = { authorization: `Bearer ${this.credentials.admin_token}` };
    const post = async <T>(url: string, body: object, headers = admin): Promise<T> => {
      const response = await fetch(`${this.controlPlaneUrl}${url}`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    const tenant = await post<{ id: string }>("/v1/tenants", {
      name: `bench-${Date.now()}`,
      plan: "enterprise",
    });
    const app = await post<{ client_id: string; client_secret: string }>("/v1/oauth/apps", {
      tenant_id: tenant.id,
      name: "bench",
      declared_scopes: scopes,
      app_type: "service",
    });
    const basic = Buffer.from(`${app.client_id}:${app.client_secret}`).toString("base64");
    const response = await fetch(`${this.controlPlaneUrl}/v1/oauth/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${basic}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: scopes.join(" ") }),
    });
    if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  async stop(): Promise<void> {
    await this.program.stop(30_000);
  }
}
