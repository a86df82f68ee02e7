import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { exporterChoice, otlpTracesUrl } from "../../../lib/tracing/start-tracing.js";

const run = promisify(execFile);
const PROBE = new URL("../../fixtures/tracing/sdk-probe.ts", import.meta.url).pathname;

/** Runs the probe in a fresh process with `env` as its only OTEL_* settings. */
async function probe(
  env: Record<string, string>,
): Promise<{ started: boolean; loaded: string[]; stderr: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("OTEL_")),
  );
  const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", PROBE], {
    env: { ...clean, ...env },
  });
  return { ...JSON.parse(stdout), stderr };
}

describe("exporterChoice", () => {
  const url = "http://c:4318/v1/traces";
  const base = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" };
  const cases: Array<{ given: Record<string, string>; want: object }> = [
    { given: base, want: { off: false, url, protocol: "http/json" } },
    {
      given: { ...base, OTEL_TRACES_EXPORTER: "otlp" },
      want: { off: false, protocol: "http/json" },
    },
    { given: { ...base, OTEL_TRACES_EXPORTER: "none" }, want: { off: true } },
    { given: { ...base, OTEL_TRACES_EXPORTER: "otlp, none" }, want: { off: true } },
    {
      given: { ...base, OTEL_TRACES_EXPORTER: "console" },
      want: { off: true, warning: expect.stringContaining("console") },
    },
    {
      given: { ...base, OTEL_TRACES_EXPORTER: "otlp,zipkin" },
      want: { off: false, warning: expect.stringContaining("zipkin ignored") },
    },
    {
      given: { ...base, OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" },
      want: { off: false, protocol: "http/protobuf" },
    },
    {
      given: {
        ...base,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
      },
      want: { off: false, protocol: "http/json" },
    },
    {
      given: { ...base, OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" },
      want: { off: true, warning: expect.stringContaining("grpc") },
    },
  ];
  it.each(cases)("$given", ({ given, want }) => {
    expect(exporterChoice(given)).toMatchObject(want);
  });
});

describe("otlpTracesUrl", () => {
  const cases: Array<{ given: Record<string, string>; want: string | undefined }> = [
    { given: {}, want: undefined },
    { given: { OTEL_EXPORTER_OTLP_ENDPOINT: " " }, want: undefined },
    { given: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" }, want: "http://c:4318/v1/traces" },
    { given: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318/" }, want: "http://c:4318/v1/traces" },
    {
      given: {
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://t:9/custom",
      },
      want: "http://t:9/custom",
    },
    {
      given: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SDK_DISABLED: "true" },
      want: undefined,
    },
  ];
  it.each(cases)("$given → $want", ({ given, want }) => {
    expect(otlpTracesUrl(given)).toBe(want);
  });
});

describe("startTracing in a fresh process", () => {
  it("loads no SDK module and starts nothing when no OTLP endpoint is set", async () => {
    expect(await probe({})).toEqual({ started: false, loaded: [], stderr: "" });
  });

  it("loads the SDK only when an endpoint is set (the check above can see it)", async () => {
    // A port nothing listens on: the probe exports no span, so nothing is sent there.
    const result = await probe({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9" });
    expect(result.started).toBe(true);
    expect(result.loaded).toEqual(
      expect.arrayContaining([
        "@opentelemetry/sdk-trace-base",
        "@opentelemetry/exporter-trace-otlp-http",
      ]),
    );
  });

  it("OTEL_TRACES_EXPORTER=none keeps the SDK unloaded even with an endpoint", async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9", OTEL_TRACES_EXPORTER: "none" };
    expect(await probe(env)).toEqual({ started: false, loaded: [], stderr: "" });
  });

  it("grpc is refused with one warning line, and tracing is off", async () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9",
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
    };
    const result = await probe(env);
    expect(result).toMatchObject({ started: false, loaded: [] });
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringContaining("grpc")]);
  });

  it("http/protobuf without its package warns and exports as JSON", async () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    };
    const result = await probe(env);
    expect(result.started).toBe(true);
    expect(result.stderr).toContain("exporter-trace-otlp-proto is not installed");
  });

  it("an export the collector refuses (401) is logged, not silent", async () => {
    const server = createServer((_req, res) => res.writeHead(401).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await probe({
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        PROBE_SPAN: "1",
      });
      expect(result.stderr).toMatch(/not exported: Unauthorized/);
    } finally {
      server.close();
    }
  });

  it("shutdown resolves, with a warning, when the collector never answers", async () => {
    // Accepts the export and never responds; the exporter's own timeout is far beyond the bound.
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await probe({
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_TIMEOUT: "120000",
        PROBE_SPAN: "1",
      });
      expect(result.started).toBe(true);
      expect(result.stderr).toContain("not exported within");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }, 60_000);

  it("installs the SDK's diagnostic logger at OTEL_LOG_LEVEL", async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9", OTEL_LOG_LEVEL: "debug" };
    expect((await probe(env)).stderr).toContain("Registered a global");
  });
});
