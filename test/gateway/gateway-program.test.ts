// `cpod gateway` as operators run it: the real program, its config read from the environment,
// listening until SIGTERM. The other tests build the gateway in-process or through `cpod dev`,
// so a fault in main.ts or the shared listen helper (the frozen config's listen address once
// stopped the program at start) only shows here.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/private-server.js";
import { TEST_CALLER_CREDENTIAL } from "../helpers/sidecar.js";

const ROOT = new URL("../../", import.meta.url).pathname;

describe("cpod gateway (the program)", () => {
  let child: ChildProcess;
  let url: string;
  const stderr: string[] = [];

  beforeAll(async () => {
    const [port, sidecarPort] = [await freePort(), await freePort()];
    url = `http://127.0.0.1:${port}`;
    const dataDir = mkdtempSync(join(tmpdir(), "cpod-gateway-program-"));
    child = spawn(process.execPath, ["bin/cpod.js", "gateway"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        CPOD_GATEWAY_ADDR: `127.0.0.1:${port}`,
        CPOD_DATA_DIR: dataDir,
        // Nothing listens there: the program must start and serve its ops routes regardless.
        CORESDK_SIDECAR_ADDR: `http://127.0.0.1:${sidecarPort}`,
        CORESDK_CALLER_CREDENTIAL: TEST_CALLER_CREDENTIAL,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
    for (let i = 0; ; i++) {
      const up = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 600 || child.exitCode !== null)
        throw new Error(`cpod gateway did not start: ${stderr.join("")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(() => {
    if (child?.exitCode === null) child.kill("SIGKILL");
  });

  it("starts from its environment and answers its ops routes", async () => {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const api = await fetch(`${url}/v1/kv/k`);
    expect(api.status).toBe(401);
    expect(((await api.json()) as { code: string }).code).toBe("unauthenticated");
  });

  it("stops on SIGTERM with exit code 0", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
