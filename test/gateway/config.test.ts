import { describe, expect, it } from "vitest";
import { loadGatewayConfig } from "../../server/gateway/config.js";
import { ConfigError } from "../../server/gateway/config-error.js";

// The gateway's settings are read in one place; a bad one is one ConfigError line naming it.
describe("loadGatewayConfig", () => {
  it("an empty environment is dev mode with embedded stores, frozen", () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({
      production: false,
      listen: { host: "127.0.0.1", port: 8000 },
      logLevel: "info",
      dataDir: ".cpod",
      masterKey: undefined,
      controlPlaneUrl: "http://127.0.0.1:8080",
      sidecar: { address: "http://[::1]:50051", failMode: "closed" },
      auditQueueMax: 50_000,
      admission: { concurrency: 256, queueMax: 10_000 },
      trustedProxies: [],
      tls: undefined,
      stores: { redisUrl: undefined, s3: undefined, publicUrl: "http://127.0.0.1:8000" },
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.stores)).toBe(true);
  });

  it("reads every store, key and request-path setting", () => {
    const config = loadGatewayConfig({
      CPOD_ENV: "production",
      CPOD_GATEWAY_ADDR: "[::1]:9000",
      CPOD_MASTER_KEY: "00".repeat(32),
      CORESDK_CALLER_CREDENTIAL: "c".repeat(32),
      CORESDK_FAIL_MODE: "open",
      CPOD_TRUSTED_PROXIES: " 10.0.0.1 , loopback",
      CPOD_REDIS_URL: "redis://r:6379",
      CPOD_S3_ENDPOINT: "https://s3.example",
      CPOD_S3_ACCESS_KEY: "a",
      CPOD_S3_SECRET_KEY: "s",
      CPOD_S3_BUCKET: "b",
      CPOD_PUBLIC_URL: "https://api.example/",
      CPOD_FILES_MAX_BYTES: "1024",
      CPOD_ADMISSION_CONCURRENCY: "32",
      CPOD_ADMISSION_QUEUE_MAX: "500",
    });
    expect(config.production).toBe(true);
    expect(config.listen).toEqual({ host: "::1", port: 9000 });
    expect(config.masterKey).toEqual(Buffer.alloc(32));
    expect(config.sidecar.credential).toEqual({ kind: "value", value: "c".repeat(32) });
    expect(config.sidecar.failMode).toBe("open");
    expect(config.trustedProxies).toEqual(["10.0.0.1", "loopback"]);
    expect(config.stores.s3?.endpoint.host).toBe("s3.example");
    expect(config.stores.publicUrl).toBe("https://api.example");
    expect(config.stores.filesMaxBytes).toBe(1024);
    expect(config.admission).toEqual({ concurrency: 32, queueMax: 500 });
  });

  it.each([
    [{ CORESDK_FAIL_MODE: "half" }, 'CORESDK_FAIL_MODE=half must be "closed" or "open"'],
    [{ CPOD_AUDIT_QUEUE_MAX: "0" }, "CPOD_AUDIT_QUEUE_MAX=0 must be a positive integer"],
    [
      { CPOD_ADMISSION_CONCURRENCY: "0" },
      "CPOD_ADMISSION_CONCURRENCY=0 must be a positive integer",
    ],
    [{ CPOD_ADMISSION_QUEUE_MAX: "-5" }, "CPOD_ADMISSION_QUEUE_MAX=-5 must be a positive integer"],
    [{ CPOD_FILES_MAX_BYTES: "big" }, "CPOD_FILES_MAX_BYTES=big must be a positive integer"],
    [{ CPOD_GATEWAY_ADDR: "8000" }, "CPOD_GATEWAY_ADDR=8000 is not host:port"],
    [{ CPOD_LOG_LEVEL: "loud" }, "CPOD_LOG_LEVEL=loud must be one of"],
    [{ CPOD_MASTER_KEY: "short" }, "CPOD_MASTER_KEY must be 32 bytes"],
    [{ CPOD_CONTROL_PLANE_URL: "nope" }, "CPOD_CONTROL_PLANE_URL=nope is not an http(s) URL"],
    [{ CPOD_S3_BUCKET: "b" }, "CPOD_S3_ENDPOINT must be set with CPOD_S3_BUCKET"],
    [{ CPOD_TLS_KEY_FILE: "/k" }, "CPOD_TLS_CERT_FILE is required when CPOD_TLS_KEY_FILE is set"],
  ])("%o is one ConfigError line naming the variable", (env, message) => {
    expect(() => loadGatewayConfig(env)).toThrow(ConfigError);
    expect(() => loadGatewayConfig(env)).toThrow(message);
  });

  it("never echoes the master key", () => {
    const secret = "s3cr3t-value";
    expect(() => loadGatewayConfig({ CPOD_MASTER_KEY: secret })).not.toThrow(secret);
  });
});
