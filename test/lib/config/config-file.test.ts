// The config file (docs/configuration.md): found by --config, CPOD_CONFIG or in the working
// directory, checked against the settings table with one line naming the bad key, and handed to
// each program's own config.ts as variables the real environment overrides.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readConfigFile } from "../../../lib/config/config-file.js";
import {
  configuredEnv,
  nameConfigFileKey,
  withConfigFile,
} from "../../../lib/config/configured.js";
import { effectiveConfig } from "../../../lib/config/effective.js";
import { loadControlPlaneConfig } from "../../../server/control-plane/config.js";
import { loadGatewayConfig } from "../../../server/gateway/config.js";
import { loadSidecarConfig } from "../../../sidecar/config.js";

const dir = mkdtempSync(join(tmpdir(), "cpod-config-file-"));
const fail = (message: string) => new Error(message);
let files = 0;

/** A config file holding `document` (a string is written as is); answers its path. */
function file(document: unknown): string {
  const path = join(dir, `c${files++}.json`);
  writeFileSync(path, typeof document === "string" ? document : JSON.stringify(document));
  return path;
}

const read = (path: string, env: Record<string, string> = {}) =>
  readConfigFile(["--config", path], env, fail);

describe("readConfigFile", () => {
  it("turns keys into the variables they stand for, as the environment would carry them", () => {
    const path = file({
      env: "production",
      trustedProxies: ["loopback", "10.0.0.0/8"],
      gateway: { addr: "0.0.0.0:8000", filesMaxBytes: 1024 },
      controlPlane: { tokenTtlSecs: 900 },
      sidecar: { jwtLeewaySecs: 0 },
    });
    expect(read(path)?.values).toEqual({
      CPOD_ENV: "production",
      CPOD_TRUSTED_PROXIES: "loopback,10.0.0.0/8",
      CPOD_GATEWAY_ADDR: "0.0.0.0:8000",
      CPOD_FILES_MAX_BYTES: "1024",
      CPOD_TOKEN_TTL_SECS: "900",
      CORESDK_JWT_LEEWAY_SECS: "0",
    });
  });

  it.each([
    [{ gateway: { port: 8000 } }, "gateway.port: unknown key"],
    [{ gatway: {} }, "gatway: unknown key (did you mean gateway?)"],
    [
      { controlPlane: { adminToken: "t" } },
      "controlPlane.adminToken: unknown key (did you mean adminToken?)",
    ],
    [{ gateway: { adr: "h:1" } }, "gateway.adr: unknown key (did you mean gateway.addr?)"],
    [
      { sidecar: { LISTENADDR: "h:1" } },
      "sidecar.LISTENADDR: unknown key (did you mean sidecar.listenAddr?)",
    ],
    [
      { sidecar: { addr: "[::1]:1" } },
      "sidecar.addr: unknown key (did you mean sidecar.listenAddr?)",
    ],
    [{ $schema: 5 }, "$schema: must be a string (this schema's URL or path)"],
    [
      { gateway: { filesMaxBytes: 1e21 } },
      "gateway.filesMaxBytes: must be an integer ≥ 1 (at most 2^53 − 1)",
    ],
    [
      { gateway: { auditQueueMax: Number.MAX_SAFE_INTEGER + 1 } },
      "gateway.auditQueueMax: must be an integer ≥ 1 (at most 2^53 − 1)",
    ],
    [{ gateway: { addr: "8000" } }, "gateway.addr: must be host:port, port 0–65535"],
    [{ gateway: { addr: "[::1]:65536" } }, "gateway.addr: must be host:port, port 0–65535"],
    [{ gateway: { auditQueueMax: 0 } }, "gateway.auditQueueMax: must be an integer ≥ 1"],
    [{ gateway: { controlPlaneUrl: "cp:8080" } }, "gateway.controlPlaneUrl: must be a URL"],
    [
      { controlPlane: { tokenTtlSecs: "3600" } },
      "controlPlane.tokenTtlSecs: must be an integer from 60 to 86400",
    ],
    [
      { sidecar: { jwtLeewaySecs: 1.5 } },
      "sidecar.jwtLeewaySecs: must be an integer from 0 to 600",
    ],
    [{ failMode: "half" }, 'failMode: must be one of "closed", "open"'],
    [{ trustedProxies: "loopback" }, "trustedProxies: must be an array of non-empty strings"],
    [{ trustedProxies: ["loopback", ""] }, "trustedProxies: must be an array of non-empty strings"],
    [
      { trustedProxies: ["10.0.0.1, 10.0.0.2"] },
      "trustedProxies: must be an array of non-empty strings without commas (one item per string)",
    ],
    [{ dataDir: "" }, "dataDir: must be a non-empty string"],
    [{ sidecar: [] }, "sidecar: must be an object"],
    [[], "(top level): must be an object"],
    ["{ gateway: {} }", "not valid JSON"],
  ])("refuses %j with one line naming the key", (document, message) => {
    const path = file(document);
    expect(() => read(path)).toThrow(`config ${path}: ${message}`);
    try {
      read(path);
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("never echoes a secret's value when it is the bad one", () => {
    const path = file({ masterKey: 12345678901234 });
    expect(() => read(path)).toThrow(`config ${path}: masterKey: must be a non-empty string`);
    expect(() => read(path)).not.toThrow(/12345678901234/);
  });

  it("reports a JSON syntax error by line and column, never quoting the file", () => {
    const token = "q8Zr2xYw9LmN4pQs7TuV1aBcDeFgHiJk";
    const quoted = file(`{\n  "logLevel": "warn",\n  "adminToken": '${token}'\n}`);
    expect(() => read(quoted)).toThrow(new RegExp(`^config ${quoted}: not valid JSON$`));
    const unquoted = file(`{\n  "logLevel": "warn"\n  "adminToken": "${token}"\n}`);
    expect(() => read(unquoted)).toThrow(
      new RegExp(`^config ${unquoted}: not valid JSON at line 3, column 3$`),
    );
    for (const path of [quoted, unquoted]) expect(() => read(path)).not.toThrow(/q8Zr2/);
  });

  it("refuses a file named by --config or CPOD_CONFIG that does not exist", () => {
    const path = join(dir, "missing.json");
    expect(() => read(path)).toThrow(`config ${path}: no such file (named by --config)`);
    expect(() => readConfigFile([], { CPOD_CONFIG: path }, fail)).toThrow(
      `config ${path}: no such file (named by CPOD_CONFIG)`,
    );
    expect(() => readConfigFile(["--config"], {}, fail)).toThrow("--config needs a file name");
  });

  it("prefers --config to CPOD_CONFIG", () => {
    const flag = file({ logLevel: "warn" });
    const named = file({ logLevel: "debug" });
    const found = readConfigFile([`--config=${flag}`], { CPOD_CONFIG: named }, fail);
    expect(found).toMatchObject({
      path: flag,
      origin: "--config",
      values: { CPOD_LOG_LEVEL: "warn" },
    });
    expect(readConfigFile([], { CPOD_CONFIG: named }, fail)?.origin).toBe("CPOD_CONFIG");
  });
});

describe("configuredEnv", () => {
  it("lets a variable that is set, even to empty, win over the file", () => {
    const path = file({ logLevel: "warn", sidecarAddr: "http://[::1]:1", dataDir: "/from/file" });
    const env = configuredEnv(
      ["--config", path],
      { CPOD_LOG_LEVEL: "debug", CORESDK_SIDECAR_ADDR: "" },
      fail,
    );
    expect(env).toMatchObject({
      CPOD_LOG_LEVEL: "debug",
      CORESDK_SIDECAR_ADDR: "",
      CPOD_DATA_DIR: "/from/file",
    });
  });

  it('takes an empty variable as unset where "" means nothing of its own (compose passing an unset one)', () => {
    const path = file({
      postgresUrl: "postgres://db/cpod",
      dataDir: "/from/file",
      sidecarAddr: "h:1",
    });
    const env = configuredEnv(
      ["--config", path],
      { CPOD_POSTGRES_URL: "", CPOD_DATA_DIR: "", CORESDK_SIDECAR_ADDR: "", CPOD_REDIS_URL: "" },
      fail,
    );
    expect(env).toMatchObject({
      CPOD_POSTGRES_URL: "postgres://db/cpod",
      CPOD_DATA_DIR: "/from/file",
      CORESDK_SIDECAR_ADDR: "", // sidecarAddr: "" means "no sidecar", so it still wins
      CPOD_REDIS_URL: "", // no file key: the variable stays as the program would see it
    });
    expect(loadSidecarConfig(env).stores).toMatchObject({
      postgresUrl: "postgres://db/cpod",
      dataDir: "/from/file",
    });
    const shown = effectiveConfig(["--config", path], { CPOD_POSTGRES_URL: "" }, fail).values;
    expect(shown.find((v) => v.key === "postgresUrl")).toMatchObject({
      source: "file",
      value: "postgres://db/cpod",
    });
  });

  it('puts the sidecar\'s data in .cpod when CPOD_DATA_DIR is "", as the other programs do', () => {
    expect(loadSidecarConfig({ CPOD_DATA_DIR: "" }).stores.dataDir).toBe(".cpod");
    expect(loadControlPlaneConfig({ CPOD_DATA_DIR: "" }).dataDir).toBe(".cpod");
  });

  it('takes sidecarAddr "" as the variable would: a control plane without a sidecar', () => {
    const env = configuredEnv(["--config", file({ sidecarAddr: "" })], {}, fail);
    expect(env.CORESDK_SIDECAR_ADDR).toBe("");
    expect(loadControlPlaneConfig(env).sidecarUrl).toBeUndefined();
  });

  it("feeds each program's own config.ts", () => {
    const path = file({
      dataDir: "/srv/cpod",
      failMode: "open",
      gateway: { addr: "0.0.0.0:9000", auditQueueMax: 7 },
      controlPlane: { tokenTtlSecs: 120, postgresSchema: "cp" },
      sidecar: { listenAddr: "127.0.0.1:6000", jwtLeewaySecs: 5 },
    });
    const env = configuredEnv(["--config", path], { CPOD_AUDIT_QUEUE_MAX: "8" }, fail);
    const gateway = loadGatewayConfig(env);
    expect(gateway).toMatchObject({ listen: { host: "0.0.0.0", port: 9000 }, auditQueueMax: 8 });
    expect(gateway.sidecar.failMode).toBe("open");
    expect(loadControlPlaneConfig(env)).toMatchObject({
      dataDir: "/srv/cpod",
      tokenTtlSecs: 120,
      postgresSchema: "cp",
    });
    expect(loadSidecarConfig(env)).toMatchObject({
      listen: { host: "127.0.0.1", port: 6000 },
      failMode: "open",
      jwt: { leewaySecs: 5 },
      stores: { dataDir: "/srv/cpod" },
    });
  });
});

describe("withConfigFile", () => {
  class ConfigError extends Error {
    override readonly name = "ConfigError";
  }
  const schemaCheck = (env: Record<string, string | undefined>) => {
    throw new ConfigError(`CPOD_POSTGRES_SCHEMA=${env.CPOD_POSTGRES_SCHEMA} is bad`);
  };

  it("names the file and key when the program rejects a value the file set, keeping the class", () => {
    const path = file({ controlPlane: { postgresSchema: "Bad" } });
    const thrown = (() => {
      try {
        withConfigFile(["--config", path], {}, fail, schemaCheck);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toBe(
      `config ${path}: controlPlane.postgresSchema: CPOD_POSTGRES_SCHEMA=Bad is bad`,
    );
  });

  it('names the key when the variable is "" and so the file\'s value was used', () => {
    const path = file({ controlPlane: { postgresSchema: "Bad" } });
    expect(() =>
      withConfigFile(["--config", path], { CPOD_POSTGRES_SCHEMA: "" }, fail, schemaCheck),
    ).toThrow(`config ${path}: controlPlane.postgresSchema: CPOD_POSTGRES_SCHEMA=Bad is bad`);
  });

  it("leaves the message alone when the value came from the environment", () => {
    const path = file({ controlPlane: { postgresSchema: "Bad" } });
    expect(() =>
      withConfigFile(["--config", path], { CPOD_POSTGRES_SCHEMA: "Worse" }, fail, schemaCheck),
    ).toThrow(/^CPOD_POSTGRES_SCHEMA=Worse is bad$/);
  });

  it("names the key for a loader that rejects asynchronously too", async () => {
    const path = file({ controlPlane: { postgresSchema: "Bad" } });
    await expect(
      withConfigFile(["--config", path], {}, fail, async (env) => schemaCheck(env)),
    ).rejects.toThrow(`config ${path}: controlPlane.postgresSchema: CPOD_POSTGRES_SCHEMA=Bad`);
  });

  it("names the key of an error thrown after the loader returned (nameConfigFileKey)", () => {
    const path = file({ controlPlane: { postgresSchema: "Bad" } });
    const late = new ConfigError("CPOD_POSTGRES_SCHEMA=Bad is bad");
    nameConfigFileKey(late, ["--config", path], {});
    expect(late.message).toBe(
      `config ${path}: controlPlane.postgresSchema: CPOD_POSTGRES_SCHEMA=Bad is bad`,
    );
    nameConfigFileKey(late, ["--config", path], {}); // named once, however often it is asked
    expect(late.message).toBe(
      `config ${path}: controlPlane.postgresSchema: CPOD_POSTGRES_SCHEMA=Bad is bad`,
    );
    const fromEnv = new ConfigError("CPOD_POSTGRES_SCHEMA=Worse is bad");
    nameConfigFileKey(fromEnv, ["--config", path], { CPOD_POSTGRES_SCHEMA: "Worse" });
    expect(fromEnv.message).toBe("CPOD_POSTGRES_SCHEMA=Worse is bad");
  });

  it("answers what the loader answers from the merged environment", () => {
    const path = file({ controlPlane: { postgresSchema: "cp" }, dataDir: "/d" });
    const env = withConfigFile(["--config", path], { CPOD_DATA_DIR: "/e" }, fail, (e) => e);
    expect(env).toMatchObject({ CPOD_POSTGRES_SCHEMA: "cp", CPOD_DATA_DIR: "/e" });
  });
});
