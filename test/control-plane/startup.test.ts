// Configuration: env vars checked at start, one clear line naming the variable; production mode
// refuses to start without an admin token, a master key and an https issuer.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadControlPlaneConfig } from "../../server/control-plane/config.js";

const TOKEN = "t".repeat(32);
const KEY = Buffer.alloc(32, 7).toString("base64");

describe("loadControlPlaneConfig", () => {
  it("defaults to dev mode on the embedded store", () => {
    const config = loadControlPlaneConfig({});
    expect(config).toMatchObject({
      production: false,
      dataDir: ".cpod",
      postgresUrl: undefined,
      issuer: "http://127.0.0.1:8000",
      audience: "cpod-api",
      tokenTtlSecs: 3600,
      sidecarUrl: "http://[::1]:50051",
    });
  });

  it.each([
    [{ CPOD_ENV: "production" }, /^CPOD_ADMIN_TOKEN is required in production/],
    [{ NODE_ENV: "production" }, /^CPOD_ADMIN_TOKEN is required in production/],
    [
      { CPOD_ENV: "production", CPOD_ADMIN_TOKEN: TOKEN },
      /^CPOD_MASTER_KEY is required in production/,
    ],
    [
      { CPOD_ENV: "production", CPOD_ADMIN_TOKEN: TOKEN, CPOD_MASTER_KEY: KEY },
      /^CPOD_ISSUER is required/,
    ],
    [
      {
        CPOD_ENV: "production",
        CPOD_ADMIN_TOKEN: TOKEN,
        CPOD_MASTER_KEY: KEY,
        CPOD_ISSUER: "http://x",
      },
      /https/,
    ],
    [{ CPOD_ADMIN_TOKEN: "short" }, /^CPOD_ADMIN_TOKEN must be at least 32 characters$/],
    [{ CPOD_MASTER_KEY: "not-a-key" }, /^CPOD_MASTER_KEY must be 32 bytes/],
    [{ CPOD_TOKEN_TTL_SECS: "abc" }, /^CPOD_TOKEN_TTL_SECS=abc must be a whole number/],
    [{ CPOD_TOKEN_TTL_SECS: "10" }, /^CPOD_TOKEN_TTL_SECS=10/],
    [{ CPOD_ISSUER: "not a url" }, /^CPOD_ISSUER=not a url is not a URL/],
    [{ CPOD_TRUSTED_PROXIES: "loopback,nope" }, /^CPOD_TRUSTED_PROXIES: nope/],
    [{ CPOD_POSTGRES_SCHEMA: "Bad-Name" }, /^CPOD_POSTGRES_SCHEMA=/],
  ])("refuses %j", (env, message) => {
    expect(() => loadControlPlaneConfig(env)).toThrow(message);
  });

  it("never echoes a secret in its error", () => {
    expect(() => loadControlPlaneConfig({ CPOD_MASTER_KEY: "sekrit-value" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("sekrit") }),
    );
    expect(() => loadControlPlaneConfig({ CPOD_ADMIN_TOKEN: "sekrit" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("sekrit") }),
    );
  });

  it("accepts a complete production setup and the sidecar address forms", () => {
    const config = loadControlPlaneConfig({
      CPOD_ENV: "production",
      CPOD_ADMIN_TOKEN: TOKEN,
      CPOD_MASTER_KEY: KEY,
      CPOD_ISSUER: "https://api.example.com/",
      CORESDK_SIDECAR_ADDR: "[::1]:50051",
      CPOD_TOKEN_TTL_SECS: "900",
    });
    expect(config).toMatchObject({
      production: true,
      issuer: "https://api.example.com",
      tokenTtlSecs: 900,
    });
    expect(config.sidecarUrl).toBe("http://[::1]:50051");
    expect(loadControlPlaneConfig({ CORESDK_SIDECAR_ADDR: "" }).sidecarUrl).toBeUndefined();
  });
});

describe("cpod control-plane", () => {
  it("refuses to start in production without CPOD_ADMIN_TOKEN: one line naming it, exit 2", () => {
    const env = { PATH: process.env.PATH, CPOD_ENV: "production" };
    const run = spawnSync(process.execPath, ["bin/cpod.js", "control-plane"], {
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cpod control-plane: CPOD_ADMIN_TOKEN is required in production/);
  }, 70_000);
});
