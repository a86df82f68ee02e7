// The config file through the real `cpod` binary (dist/, built by test/build.setup.ts): every
// program finds it by --config, CPOD_CONFIG or the working directory, stops on a bad one with one
// line naming the key, lets the environment win, and `cpod config` never prints a secret.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CPOD = new URL("../../bin/cpod.js", import.meta.url).pathname;

/** A fresh folder holding `cpod.config.json` with `document`; answers folder and file path. */
function configDir(document: unknown): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "cpod-config-bin-"));
  const path = join(dir, "cpod.config.json");
  writeFileSync(path, JSON.stringify(document));
  return { dir, path };
}

function cpod(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const run = spawnSync(process.execPath, [CPOD, ...args], {
    cwd: opts.cwd ?? tmpdir(),
    encoding: "utf8",
    env: { PATH: process.env.PATH, ...opts.env },
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.trim() };
}

describe("a bad config file stops every program with one line naming the key", () => {
  it.each(["gateway", "control-plane", "sidecar", "dev"])("cpod %s", (program) => {
    const { path } = configDir({ gateway: { port: 8000 } });
    const run = cpod([program, "--config", path]);
    expect(run.stderr).toBe(`cpod ${program}: config ${path}: gateway.port: unknown key`);
    expect(run.status).toBe(2);
  });

  it("names a missing file given by --config or CPOD_CONFIG", () => {
    const missing = join(tmpdir(), "no-such-cpod.config.json");
    expect(cpod(["gateway", `--config=${missing}`]).stderr).toBe(
      `cpod gateway: config ${missing}: no such file (named by --config)`,
    );
    const run = cpod(["sidecar"], { env: { CPOD_CONFIG: missing } });
    expect(run.stderr).toBe(`cpod sidecar: config ${missing}: no such file (named by CPOD_CONFIG)`);
    expect(run.status).toBe(2);
  });
});

// Each file value below passes the file's shape check but not the program's own config.ts,
// which proves the value reached it; the program stops there, before opening anything, with
// the file and key in front of the program's message (a value from the env gets none).
describe("each program reads the file into its own config.ts", () => {
  it("cpod gateway, by --config; the environment wins over the file", () => {
    const { path } = configDir({ gateway: { controlPlaneUrl: "ftp://from-file" } });
    expect(cpod(["gateway", "--config", path]).stderr).toBe(
      `cpod gateway: config ${path}: gateway.controlPlaneUrl: CPOD_CONTROL_PLANE_URL=ftp://from-file is not an http(s) URL`,
    );
    const run = cpod(["gateway", "--config", path], {
      env: { CPOD_CONTROL_PLANE_URL: "ftp://from-env" },
    });
    expect(run.stderr).toBe(
      "cpod gateway: CPOD_CONTROL_PLANE_URL=ftp://from-env is not an http(s) URL",
    );
    expect(run.status).toBe(2);
  });

  it("cpod control-plane, by CPOD_CONFIG", () => {
    const { path } = configDir({ controlPlane: { postgresSchema: "Not-An-Identifier" } });
    const run = cpod(["control-plane"], { env: { CPOD_CONFIG: path } });
    expect(run.stderr).toBe(
      `cpod control-plane: config ${path}: controlPlane.postgresSchema: CPOD_POSTGRES_SCHEMA=Not-An-Identifier must be a lower-case SQL identifier`,
    );
    expect(run.status).toBe(2);
  });

  it("cpod sidecar, from ./cpod.config.json in the working directory", () => {
    const { dir } = configDir({ sidecar: { listenAddr: "10.1.2.3:50051" } });
    const run = cpod(["sidecar"], { cwd: dir });
    expect(run.stderr).toMatch(
      /^cpod sidecar: config cpod\.config\.json: sidecar\.listenAddr: CORESDK_LISTEN_ADDR=10\.1\.2\.3:50051 is not a loopback address[^\n]*$/,
    );
    expect(run.status).toBe(2);
  });

  it("cpod dev", () => {
    const { dir, path } = configDir({});
    writeFileSync(
      path,
      JSON.stringify({ dataDir: join(dir, "data"), sidecar: { listenAddr: "10.1.2.3:1" } }),
    );
    const run = cpod(["dev", "--config", path], { cwd: dir });
    expect(run.stderr).toMatch(
      /^cpod dev: config \S+: sidecar\.listenAddr: CORESDK_LISTEN_ADDR=10\.1\.2\.3:1 is not a loopback address[^\n]*$/,
    );
    expect(run.status).toBe(2);
  });
});

// Steps after the settings are read (opening the sidecar client, reading the caller credential
// file) reject a value the file set by its variable; the file and key come first there too.
describe("a value the file set, rejected while starting, is named by its key", () => {
  it.each(["gateway", "sidecar"])("cpod %s: callerCredentialFile", (program) => {
    const { dir, path } = configDir({});
    writeFileSync(
      path,
      JSON.stringify({ dataDir: join(dir, "data"), callerCredentialFile: "nope/cred" }),
    );
    const run = cpod([program], { cwd: dir });
    expect(run.stderr).toBe(
      `cpod ${program}: config cpod.config.json: callerCredentialFile: CORESDK_CALLER_CREDENTIAL_FILE=nope/cred cannot be read (ENOENT)`,
    );
    expect(run.status).toBe(2);
  });
});

describe("the admin commands read the config file", () => {
  it("cpod tenants list --config FILE", () => {
    const missing = join(tmpdir(), "no-such-admin.config.json");
    expect(cpod(["tenants", "list", "--config", missing])).toMatchObject({
      status: 2,
      stderr: `cpod tenants list: config ${missing}: no such file (named by --config)`,
    });
  });
});

describe("cpod config", () => {
  const secrets = {
    adminToken: "admin-token-sekrit-0123456789abcdef",
    masterKey: "master-key-sekrit",
    callerCredential: "caller-credential-sekrit",
    postgresUrl: "postgres://cpod:pg-pass-sekrit@db:5432/cpod",
    gateway: { s3SecretKey: "s3-sekrit", addr: "0.0.0.0:9000" },
  };

  it("prints file and env merged, with sources, and no secret (--json)", () => {
    const { path } = configDir({ ...secrets, logLevel: "warn" });
    const run = cpod(["config", "--json", "--config", path], {
      env: { CPOD_LOG_LEVEL: "debug", CPOD_REDIS_URL: "redis://:redis-pass-sekrit@cache:6379" },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/sekrit/);
    const config = JSON.parse(run.stdout) as {
      file: { path: string; origin: string };
      values: Array<{ key: string; env: string; source: string; value: string | null }>;
    };
    expect(config.file).toEqual({ path, origin: "--config" });
    const byKey = Object.fromEntries(config.values.map((v) => [v.key, v]));
    expect(byKey.logLevel).toEqual({
      key: "logLevel",
      env: "CPOD_LOG_LEVEL",
      source: "env",
      value: "debug",
    });
    expect(byKey["gateway.addr"]).toMatchObject({ source: "file", value: "0.0.0.0:9000" });
    expect(byKey["controlPlane.issuer"]).toMatchObject({ source: "default", value: null });
    for (const key of ["adminToken", "masterKey", "callerCredential", "gateway.s3SecretKey"])
      expect(byKey[key]?.value).toBe("<redacted>");
    expect(byKey.postgresUrl?.value).toBe("postgres://cpod:<redacted>@db:5432/cpod");
    expect(byKey.redisUrl).toMatchObject({
      source: "env",
      value: "redis://:<redacted>@cache:6379",
    });
  });

  it("prints a table from ./cpod.config.json, secrets redacted", () => {
    const { dir } = configDir(secrets);
    const run = cpod(["config"], { cwd: dir, env: { CPOD_ADMIN_TOKEN: "env-token-sekrit" } });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/sekrit/);
    expect(run.stdout).toContain("config file: cpod.config.json (found in the working directory)");
    expect(run.stdout).toMatch(/^gateway\.addr +CPOD_GATEWAY_ADDR +file +0\.0\.0\.0:9000$/m);
    expect(run.stdout).toMatch(/^adminToken +CPOD_ADMIN_TOKEN +env +<redacted>$/m);
  });

  it("notes the keys cpod dev sets itself, only when one is set", () => {
    const { dir } = configDir({ sidecarAddr: "http://[::1]:50051", logLevel: "warn" });
    const run = cpod(["config"], { cwd: dir, env: { CORESDK_JWT_ISSUER: "http://gw" } });
    expect(run.stdout).toMatch(
      /^note: cpod dev sets sidecarAddr, sidecar\.jwtIssuer itself \(to the programs it starts\)/m,
    );
    expect(cpod(["config"], { cwd: configDir({ logLevel: "warn" }).dir }).stdout).not.toContain(
      "note:",
    );
  });

  it("stops on a bad file as the programs do, and explains itself with --help", () => {
    const { path } = configDir({ sidecar: { jwtLeewaySecs: 601 } });
    const bad = cpod(["config", "--config", path]);
    expect(bad.stderr).toBe(
      `cpod config: config ${path}: sidecar.jwtLeewaySecs: must be an integer from 0 to 600`,
    );
    expect(bad.status).toBe(2);
    const help = cpod(["config", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: cpod config \[--config FILE\] \[--json\]/);
    expect(cpod(["config", "--yaml"])).toMatchObject({
      status: 2,
      stderr: "cpod config: unknown option --yaml",
    });
  });
});
