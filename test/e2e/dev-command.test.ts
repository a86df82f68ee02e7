// `cpod dev` as a newcomer runs it: a real child process on real sockets, embedded stores only.
// First run bootstraps a tenant and app and prints working credentials; Ctrl-C stops cleanly;
// a restart on the same data dir keeps the app and the data; bad settings are one line.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evalInBash, exportLinesOf } from "../helpers/dev-exports.js";
import { type RunningDevPlatform, startDevPlatform } from "../helpers/dev-platform.js";

describe("cpod dev", () => {
  const running: RunningDevPlatform[] = [];
  afterAll(async () => {
    for (const dev of running) await dev.stop();
  });

  it("bootstraps, serves, stops on Ctrl-C, and keeps its data across a restart", async () => {
    const first = await startDevPlatform();
    running.push(first);
    const out = first.output();
    expect(out).toContain("first run: dev tenant and app created");
    expect(out).toContain(`client id      ${first.clientId}`);
    expect(out).toContain(`client secret  ${first.clientSecret}`);
    expect(out).toMatch(/TOKEN=\$\(curl -s http:\/\/127\.0\.0\.1:\d+\/v1\/oauth\/token/);
    // The printed export block, pasted into bash, is the SDK READMEs' whole setup.
    expect(await evalInBash(exportLinesOf(out))).toEqual({
      CPOD_BASE_URL: first.baseUrl,
      CPOD_CLIENT_ID: first.clientId,
      CPOD_CLIENT_SECRET: first.clientSecret,
      CPOD_TENANT_ID: first.tenantId,
      CPOD_ADMIN_TOKEN: first.adminToken,
      CPOD_CONTROL_PLANE_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    const file = join(first.dataDir, "dev-credentials.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({
      base_url: first.baseUrl,
      client_id: first.clientId,
      tenant_id: first.tenantId,
    });

    const auth = await first.bearer();
    const made = await fetch(`${first.baseUrl}/v1/entities/people`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ display_name: "Survives Restarts" }),
    });
    expect(made.status).toBe(201);
    const person = (await made.json()) as { id: string; tenant_id: string };
    expect(person.tenant_id).toBe(first.tenantId);

    expect(await first.stop()).toBe(0);
    expect(first.output()).toContain("cpod dev: stopped");

    // A folder an older cpod dev kept its PGlite data in: not read, but said so.
    mkdirSync(join(first.dataDir, "control-plane-pg"));
    writeFileSync(join(first.dataDir, "control-plane-pg", "PG_VERSION"), "17\n");
    const second = await startDevPlatform({ dataDir: first.dataDir });
    running.push(second);
    expect(second.output()).not.toContain("first run");
    expect(second.output()).toContain(
      `cpod dev: ${join(first.dataDir, "control-plane-pg")} hold data of an older cpod dev (PGlite)`,
    );
    expect(second.clientId).toBe(first.clientId);
    expect(second.tenantId).toBe(first.tenantId);
    const again = await fetch(`${second.baseUrl}/v1/entities/people/${person.id}`, {
      headers: await second.bearer(),
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { display_name: string }).display_name).toBe(
      "Survives Restarts",
    );
    expect(await second.stop()).toBe(0);
  }, 400_000);

  it("answers --help without starting anything, and refuses options it does not know", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["bin/cpod.js", "dev", ...args], {
        env: { ...process.env, CPOD_DATA_DIR: "/tmp/cpod-help-never-created" },
        encoding: "utf8",
        timeout: 30_000,
      });
    const help = run("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("usage: cpod dev");
    expect(help.stdout).not.toContain("cPod dev is running");
    const unknown = run("--port", "9000");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim()).toBe('cpod dev: unknown option "--port" (try: cpod dev --help)');
  }, 70_000);

  it("stops at once with one line naming a bad setting (exit 2)", () => {
    const result = spawnSync(process.execPath, ["bin/cpod.js", "dev"], {
      env: { ...process.env, CPOD_GATEWAY_ADDR: "not-an-address", CPOD_DATA_DIR: "/tmp/cpod-bad" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      "cpod dev: CPOD_GATEWAY_ADDR=not-an-address is not host:port",
    );
  }, 70_000);
});
