import { spawn } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CALLER_CREDENTIAL_FILE,
  CallerCredential,
  readCallerCredential,
} from "../../../lib/caller-credential.js";
import { ConfigError, loadSidecarConfig } from "../../../sidecar/config.js";
import { startSidecar } from "../../../sidecar/start.js";
import { testSidecarConfig } from "../../helpers/sidecar.js";

const ROOT = new URL("../../../", import.meta.url).pathname;
const CREDENTIAL = "c".repeat(43);
const TLS = {
  CORESDK_TLS_CERT_FILE: "/tls/cert.pem",
  CORESDK_TLS_KEY_FILE: "/tls/key.pem",
  CORESDK_TLS_CA_FILE: "/tls/ca.pem",
};
const configError = (message: string) => new ConfigError(message);

describe("the caller credential setting (CORESDK_CALLER_CREDENTIAL[_FILE])", () => {
  it("refuses production without mTLS or a credential, in one line naming the variables", () => {
    const load = () => loadSidecarConfig({ CPOD_ENV: "production" });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/^CPOD_ENV=production needs mTLS .*CORESDK_CALLER_CREDENTIAL_FILE/);
  });

  it.each([
    ["a credential file", { CORESDK_CALLER_CREDENTIAL_FILE: "/run/secrets/cpod" }, "file"],
    ["a credential value", { CORESDK_CALLER_CREDENTIAL: CREDENTIAL }, "value"],
    ["mTLS alone (the client certificate stands in)", TLS, undefined],
    [
      "mTLS and a credential (both required)",
      { ...TLS, CORESDK_CALLER_CREDENTIAL: CREDENTIAL },
      "value",
    ],
  ])("starts in production with %s", (_name, env, kind) => {
    const config = loadSidecarConfig({ CPOD_ENV: "production", ...env });
    expect(config.production).toBe(true);
    expect(config.callerCredential?.kind).toBe(kind);
  });

  it("outside production defaults to <CPOD_DATA_DIR>/caller.credential", () => {
    const config = loadSidecarConfig({ CPOD_DATA_DIR: "/data" });
    expect(config.callerCredential).toEqual({ kind: "data-dir", dir: "/data" });
  });

  it("refuses a short credential without echoing it", () => {
    const load = () => loadSidecarConfig({ CORESDK_CALLER_CREDENTIAL: "hunter2" });
    expect(load).toThrow(/^CORESDK_CALLER_CREDENTIAL must hold at least 32 characters/);
    expect(load).not.toThrow(/hunter2/);
  });

  it("creates the data-dir credential once, 0600, and every program reads the same one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cpod-credential-"));
    const source = { kind: "data-dir", dir } as const;
    const [first, second] = await Promise.all([
      readCallerCredential(source, configError),
      readCallerCredential(source, configError),
    ]);
    expect(first).toBe(second);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, CALLER_CREDENTIAL_FILE)).mode & 0o777).toBe(0o600);
  });

  it("names an unreadable or short credential file by path, never by content", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cpod-credential-"));
    const missing = join(dir, "nope");
    await expect(
      readCallerCredential({ kind: "file", path: missing }, configError),
    ).rejects.toThrow(`CORESDK_CALLER_CREDENTIAL_FILE=${missing} cannot be read (ENOENT)`);
    const short = join(dir, "short");
    writeFileSync(short, "s3cret\n");
    const read = readCallerCredential({ kind: "file", path: short }, configError);
    await expect(read).rejects.toThrow(ConfigError);
    await expect(read).rejects.not.toThrow(/s3cret/);
  });

  it("matches only the exact credential (digests compared in constant time)", () => {
    const expected = new CallerCredential(CREDENTIAL);
    expect(expected.matches(CREDENTIAL)).toBe(true);
    for (const other of [undefined, "", CREDENTIAL.slice(1), `${CREDENTIAL}c`, ["a", "b"]]) {
      expect(expected.matches(other)).toBe(false);
    }
  });

  it("startSidecar refuses a credential file it cannot read, before opening any store", async () => {
    const config = testSidecarConfig({
      CORESDK_CALLER_CREDENTIAL: "",
      CORESDK_CALLER_CREDENTIAL_FILE: "/nonexistent/cpod-credential",
    });
    await expect(startSidecar(config)).rejects.toThrow(ConfigError);
  });

  it("`cpod sidecar` in production without mTLS or a credential exits 2 with one line", async () => {
    const child = spawn(process.execPath, ["bin/cpod.js", "sidecar"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", CPOD_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^cpod sidecar: CPOD_ENV=production needs mTLS/),
    ]);
  }, 60_000);
});
