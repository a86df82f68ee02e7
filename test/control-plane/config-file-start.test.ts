// `cpod control-plane` started from a config file alone (docs/configuration.md): its address,
// database, issuer and admin token all come from the file, and the running program uses them.
// The other config-file tests stop programs at their config check; this one serves requests.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/private-server.js";
import { freshDatabase } from "../helpers/sql-database.js";

const CPOD = new URL("../../bin/cpod.js", import.meta.url).pathname;
const ADMIN_TOKEN = "admin-token-from-the-config-file-0123456789";
const ISSUER = "http://issuer.from.config.file";

describe("cpod control-plane --config FILE", () => {
  let child: ChildProcess;
  let url: string;
  const stderr: string[] = [];

  beforeAll(async () => {
    const [port, sidecarPort] = [await freePort(), await freePort()];
    url = `http://127.0.0.1:${port}`;
    const dir = mkdtempSync(join(tmpdir(), "cpod-cp-config-file-"));
    const path = join(dir, "cpod.config.json");
    writeFileSync(
      path,
      JSON.stringify({
        dataDir: join(dir, "data"),
        postgresUrl: await freshDatabase("cpconfig"),
        adminToken: ADMIN_TOKEN,
        // Nothing listens there: audit records stay queued, which this test does not look at.
        sidecarAddr: `http://127.0.0.1:${sidecarPort}`,
        controlPlane: { addr: `127.0.0.1:${port}`, issuer: ISSUER },
      }),
    );
    child = spawn(process.execPath, [CPOD, "control-plane", "--config", path], {
      cwd: dir,
      env: { PATH: process.env.PATH },
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
        throw new Error(`cpod control-plane did not start: ${stderr.join("")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(async () => {
    if (child?.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  });

  it("listens where the file says and issues tokens as the file's issuer", async () => {
    const discovery = await fetch(`${url}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(ISSUER);
  });

  it("takes the file's admin token on its admin API, and only that one", async () => {
    const ok = await fetch(`${url}/v1/tenants`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(ok.status).toBe(200);
    const wrong = await fetch(`${url}/v1/tenants`, {
      headers: { authorization: `Bearer ${"x".repeat(ADMIN_TOKEN.length)}` },
    });
    expect(wrong.status).toBe(401);
  });
});
