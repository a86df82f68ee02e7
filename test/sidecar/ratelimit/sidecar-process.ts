// Runs the real `cpod sidecar` as a child process, so tests exercise the composition root, the
// HTTP/2 server and the wire — and several processes can share one Redis like replicas do.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../../helpers/private-server.js";
import { TEST_CALLER_CREDENTIAL } from "../../helpers/sidecar.js";

const ROOT = resolve(import.meta.dirname, "../../..");

/** A started sidecar this test owns; `stop` ends exactly this process. */
export interface SidecarProcess {
  baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/** Writes a tenants file (CORESDK_TENANTS_FILE) into a fresh temp dir; returns its path. */
export async function writeTenantsFile(tenants: { id: string; plan: string; status?: string }[]) {
  const dir = await mkdtemp(join(tmpdir(), "cpod-rl-tenants-"));
  const file = join(dir, "tenants.json");
  await writeFile(file, JSON.stringify(tenants));
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Starts `node bin/cpod.js sidecar` on free loopback ports with its own data dir (never shared),
 * and only the env given plus PATH/HOME and the test caller credential — no store URL leaks in
 * from the test's environment.
 * Resolves once it logs `cpod sidecar: listening`.
 */
export async function startSidecarProcess(env: Record<string, string>): Promise<SidecarProcess> {
  const [port, metrics] = [await freePort(), await freePort()];
  const dataDir = await mkdtemp(join(tmpdir(), "cpod-rl-data-"));
  const child = spawn(process.execPath, ["bin/cpod.js", "sidecar"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      CORESDK_LISTEN_ADDR: `127.0.0.1:${port}`,
      CORESDK_METRICS_ADDR: `127.0.0.1:${metrics}`,
      CPOD_DATA_DIR: dataDir,
      CORESDK_CALLER_CREDENTIAL: TEST_CALLER_CREDENTIAL,
      ...env,
    },
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const stop = async () => {
    await terminate(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await listening(child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl: `http://127.0.0.1:${port}`, output: () => output, stop };
}

function listening(child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`cpod sidecar ${why}:\n${output()}`));
    const timer = setTimeout(() => fail("did not listen within 150 s"), 150_000);
    child.stdout?.on("data", () => {
      if (!output().includes("cpod sidecar: listening")) return;
      clearTimeout(timer);
      resolve();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(`exited with ${code}`);
    });
  });
}

/** SIGTERM (graceful drain), then SIGKILL after 10 s. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
