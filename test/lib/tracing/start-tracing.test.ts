import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { otlpTracesUrl } from "../../../lib/tracing/start-tracing.js";

const run = promisify(execFile);
const PROBE = new URL("../../fixtures/tracing/sdk-probe.ts", import.meta.url).pathname;

/** Runs the probe in a fresh process with `env` as its only OTEL_* settings. */
async function probe(env: Record<string, string>): Promise<{ started: boolean; loaded: string[] }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("OTEL_")),
  );
  const { stdout } = await run(process.execPath, ["--import", "tsx", PROBE], {
    env: { ...clean, ...env },
  });
  return JSON.parse(stdout);
}

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
    expect(await probe({})).toEqual({ started: false, loaded: [] });
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
});
