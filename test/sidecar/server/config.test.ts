import { describe, expect, it } from "vitest";
import { ConfigError, isLoopback, loadSidecarConfig } from "../../../sidecar/config.js";
import { bracketIPv6Authority } from "../../../sidecar/server/authority.js";

describe("sidecar config", () => {
  it("defaults to [::1]:50051 and 127.0.0.1:9091", () => {
    const config = loadSidecarConfig({});
    expect(config.listen).toEqual({ host: "::1", port: 50051 });
    expect(config.metrics).toEqual({ host: "127.0.0.1", port: 9091 });
    expect(config.failMode).toBe("closed");
    expect(config.jwt.leewaySecs).toBe(30);
    expect(config.tenants.cacheTtlMs).toBe(5000);
  });

  it("takes a tenant cache time from CORESDK_TENANT_CACHE_TTL_MS", () => {
    const config = loadSidecarConfig({ CORESDK_TENANT_CACHE_TTL_MS: "250" });
    expect(config.tenants.cacheTtlMs).toBe(250);
  });

  it.each([
    "0.0.0.0:50051",
    "[::]:50051",
    "10.0.0.5:50051",
    "192.168.1.2:1",
    "example.com:50051",
    "[2001:db8::1]:50051",
  ])("refuses the non-loopback listen address %s with one line naming the variable", (addr) => {
    expect(() => loadSidecarConfig({ CORESDK_LISTEN_ADDR: addr })).toThrow(ConfigError);
    expect(() => loadSidecarConfig({ CORESDK_LISTEN_ADDR: addr })).toThrow(
      /^CORESDK_LISTEN_ADDR=.* not a loopback address/,
    );
  });

  it.each([
    ["CORESDK_LISTEN_ADDR", "50051"],
    ["CORESDK_FAIL_MODE", "sometimes"],
    ["CORESDK_JWT_LEEWAY_SECS", "-1"],
    ["CORESDK_TENANT_CACHE_TTL_MS", "5s"],
    ["CORESDK_TENANT_CACHE_TTL_MS", "0"],
    ["CORESDK_TENANT_CACHE_TTL_MS", "300001"],
    ["CORESDK_TLS_CERT_FILE", "/tmp/cert.pem"],
  ])("rejects %s=%s naming the variable", (name, value) => {
    expect(() => loadSidecarConfig({ [name]: value })).toThrow(
      new RegExp(name.replace("CERT", "(CERT|KEY)")),
    );
  });

  it("knows loopback addresses", () => {
    expect(["::1", "127.0.0.1", "127.8.9.10", "localhost"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "::", "10.1.1.1", "128.0.0.1"].some(isLoopback)).toBe(false);
  });
});

describe("unbracketed IPv6 :authority", () => {
  it.each([
    ["::1:50051", "[::1]:50051"],
    ["[::1]:50051", "[::1]:50051"],
    ["127.0.0.1:50051", "127.0.0.1:50051"],
    ["localhost:50051", "localhost:50051"],
    ["::1", "[::1]"],
    ["fe80::1:8080", "[fe80::1]:8080"],
  ])("%s → %s", (given, want) => {
    expect(bracketIPv6Authority(given)).toBe(want);
    expect(() => new URL(`http://${bracketIPv6Authority(given)}/`)).not.toThrow();
  });
});
