// `npx cpod` runs compiled JavaScript from dist/ (built by `npm install`'s prepare or `npm run
// build`), never stale code: a source edited since the build runs through tsx with a notice in
// a development install, and stops the launcher with the command to run where tsx is absent.
// The launcher is exercised in a small copy of the repository (bin/, the build script, empty
// program folders) so its choices can be forced without touching this checkout's dist/.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/private-server.js";
import { TEST_CALLER_CREDENTIAL } from "../helpers/sidecar.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const NOTICE = /through tsx/;

/** bin/ (launcher, freshness check, commands.ts), the build script, configs, empty programs. */
function miniRepo(withNodeModules: boolean): string {
  const root = mkdtempSync(join(tmpdir(), "cpod-launcher-"));
  for (const dir of ["bin", "scripts", "server", "sidecar", "lib", "gen"]) {
    mkdirSync(join(root, dir));
  }
  const files = ["bin/cpod.js", "bin/dist.js", "bin/commands.ts", "scripts/build.js"];
  for (const file of [...files, "bin/program-args.ts", "bin/program-usage.ts"]) {
    copyFileSync(join(ROOT, file), join(root, file));
  }
  copyFileSync(join(ROOT, "tsconfig.json"), join(root, "tsconfig.json"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module", private: true }));
  if (withNodeModules) symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
  return root;
}

const run = (root: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [join(root, args[0] ?? ""), ...args.slice(1)], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH, ...env },
  });

describe("the cpod launcher", () => {
  let root: string;
  beforeAll(() => {
    root = miniRepo(true);
    expect(run(root, ["scripts/build.js"]).status).toBe(0);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("runs dist/bin/commands.js when dist/ is in step with the sources", () => {
    expect(existsSync(join(root, "dist/bin/commands.js"))).toBe(true);
    const help = run(root, ["bin/cpod.js", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("usage: cpod <command>");
    expect(help.stderr).toBe("");
  });

  it("does not count a file touched but unchanged (a checkout, a regeneration)", () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, "bin/commands.ts"), later, later);
    expect(run(root, ["bin/cpod.js", "--help"]).stderr).toBe("");
  });

  it("runs an edited source through tsx, saying which file and what to run", () => {
    appendFileSync(join(root, "bin/commands.ts"), "\nconsole.log('edited after the build');\n");
    const help = run(root, ["bin/cpod.js", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("edited after the build");
    expect(help.stderr).toMatch(/^cpod: bin\/commands\.ts changed since the last build; /);
    expect(help.stderr).toMatch(NOTICE);
    expect(help.stderr).toContain("npm run build");
  });

  it("is in step again after `npm run build`", () => {
    expect(run(root, ["scripts/build.js", "--if-stale"]).stdout).toContain("rebuilt dist/");
    const help = run(root, ["bin/cpod.js", "--help"]);
    expect(help.stdout).toContain("edited after the build");
    expect(help.stderr).toBe("");
  });

  it("stops with the command to run when dist/ is missing and tsx is not installed", () => {
    const bare = miniRepo(false);
    const help = run(bare, ["bin/cpod.js", "--help"]);
    rmSync(bare, { recursive: true, force: true });
    expect(help.status).toBe(1);
    expect(help.stdout).toBe("");
    expect(help.stderr).toBe(
      "cpod: dist/ has not been built; run `npm run build` (or `npm install`) to compile the programs\n",
    );
  });
});

describe("cpod sidecar from this checkout's dist/", () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.exitCode === null) child.kill("SIGKILL");
  });

  it("starts compiled (no tsx notice), ready on its ops port, and stops on SIGTERM", async () => {
    const [port, ops] = [await freePort(), await freePort()];
    child = spawn(process.execPath, ["bin/cpod.js", "sidecar"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH,
        CORESDK_LISTEN_ADDR: `127.0.0.1:${port}`,
        CORESDK_METRICS_ADDR: `127.0.0.1:${ops}`,
        CPOD_DATA_DIR: mkdtempSync(join(tmpdir(), "cpod-launcher-sidecar-")),
        CORESDK_CALLER_CREDENTIAL: TEST_CALLER_CREDENTIAL,
      },
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child?.once("exit", resolve));
    for (let i = 0; !output.includes("cpod sidecar: listening"); i++) {
      if (i > 1200 || child.exitCode !== null) throw new Error(`no start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const ready = await fetch(`http://127.0.0.1:${ops}/readyz`);
    expect(ready.status).toBe(200);
    expect(output).not.toMatch(NOTICE);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 150_000);
});

describe("a program's --help and unknown options", () => {
  // A data dir that must never appear: asking for help or mistyping a flag starts nothing.
  const NEVER = join(tmpdir(), "cpod-program-args-never-created");

  it.each(["gateway", "control-plane", "sidecar", "dev"])(
    "cpod %s --help prints its usage and starts nothing",
    (name) => {
      const result = spawnSync(process.execPath, ["bin/cpod.js", name, "--help"], {
        cwd: ROOT,
        encoding: "utf8",
        env: { PATH: process.env.PATH, CPOD_DATA_DIR: NEVER },
        timeout: 30_000,
      });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`usage: cpod ${name} [--config FILE]`);
      expect(existsSync(NEVER)).toBe(false);
    },
  );

  it("cpod gateway --port 9000 is one line naming the option, exit 2", () => {
    const result = spawnSync(process.execPath, ["bin/cpod.js", "gateway", "--port", "9000"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { PATH: process.env.PATH, CPOD_DATA_DIR: NEVER },
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'cpod gateway: unknown option "--port" (try: cpod gateway --help)',
    );
  });
});
