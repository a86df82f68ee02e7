// Direct TLS for the gateway (issue #5 item 2): with CPOD_TLS_CERT_FILE/CPOD_TLS_KEY_FILE the
// gateway serves HTTPS itself, and production mode accepts those requests while it refuses
// plain HTTP; half a configuration is one line naming the missing variable.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadGatewayConfig } from "../../server/gateway/config.js";
import { createTestPki, type TestPki } from "../helpers/certs.js";
import { buildTestGateway } from "../helpers/gateway-ports.js";

function get(port: number, path: string, ca: Buffer, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpsRequest(
        { host: "127.0.0.1", port, path, ca, headers, servername: "localhost" },
        (res) => {
          let body = "";
          res.on("data", (c) => {
            body += c;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on("error", reject);
      req.end();
    },
  );
}

describe("gateway over direct TLS in production mode", () => {
  let pki: TestPki;
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    pki = createTestPki("gateway");
    const { tls } = loadGatewayConfig({
      CPOD_TLS_CERT_FILE: pki.serverCert,
      CPOD_TLS_KEY_FILE: pki.serverKey,
    });
    app = await buildTestGateway({ production: true, sidecarAddress: "http://127.0.0.1:1", tls });
    await app.listen({ host: "127.0.0.1", port: 0 });
    port = (app.server.address() as AddressInfo).port;
  }, 60_000);
  afterAll(async () => app?.close());

  it("serves HTTPS with HSTS, and the request path runs (no https-only refusal)", async () => {
    const ca = readFileSync(pki.caCert);
    const health = await get(port, "/healthz", ca);
    expect(health.status).toBe(200);
    expect(health.headers["strict-transport-security"]).toContain("max-age=");
    const people = await get(port, "/v1/entities/people", ca);
    expect(people.status).toBe(401); // reached step 1: no token
    expect(JSON.parse(people.body).code).toBe("unauthenticated");
  });

  it("does not speak plain HTTP on the TLS port", async () => {
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it("refuses an untrusted certificate chain (the client checks it)", async () => {
    const other = createTestPki("other");
    await expect(get(port, "/healthz", readFileSync(other.caCert))).rejects.toThrow();
  });
});

describe("TLS settings", () => {
  it("reads both files or neither", () => {
    expect(loadGatewayConfig({}).tls).toBeUndefined();
    expect(() => loadGatewayConfig({ CPOD_TLS_CERT_FILE: "/x.crt" })).toThrow(
      "CPOD_TLS_KEY_FILE is required when CPOD_TLS_CERT_FILE is set",
    );
    expect(() => loadGatewayConfig({ CPOD_TLS_KEY_FILE: "/x.key" })).toThrow(
      "CPOD_TLS_CERT_FILE is required when CPOD_TLS_KEY_FILE is set",
    );
    expect(() =>
      loadGatewayConfig({ CPOD_TLS_CERT_FILE: "/nope.crt", CPOD_TLS_KEY_FILE: "/nope.key" }),
    ).toThrow("CPOD_TLS_CERT_FILE=/nope.crt cannot be read (ENOENT)");
  });

  it("cpod gateway stops with one line for half a TLS configuration", () => {
    const result = spawnSync(process.execPath, ["bin/cpod.js", "gateway"], {
      env: { ...process.env, CPOD_TLS_CERT_FILE: "/x.crt", CPOD_TLS_KEY_FILE: "" },
      encoding: "utf8",
      timeout: 60_000,
    });
    // A bad setting is a ConfigError, as in the control plane and the sidecar: exit 2.
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n").at(-1)).toBe(
      "cpod gateway: CPOD_TLS_KEY_FILE is required when CPOD_TLS_CERT_FILE is set",
    );
  }, 70_000);
});
