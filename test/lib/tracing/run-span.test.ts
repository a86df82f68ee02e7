import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { errorType, inSpan } from "../../../lib/tracing/run-span.js";
import { tracedPort } from "../../../lib/tracing/traced-port.js";

function recorder() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, tracer: provider.getTracer("test") };
}

/** Everything a span would export, as one string, to look for leaked values in. */
function exported(exporter: InMemorySpanExporter): string {
  return JSON.stringify(
    exporter.getFinishedSpans().map((s) => ({ attributes: s.attributes, events: s.events })),
  );
}

describe("errorType", () => {
  const cases: Array<{ given: unknown; want: string }> = [
    {
      given: Object.assign(new Error("rename '/data/t1/me.pdf'"), { code: "EACCES" }),
      want: "EACCES",
    },
    {
      given: Object.assign(new Error('invalid input syntax: "alice"'), { code: "22P02" }),
      want: "22P02",
    },
    { given: new TypeError("x"), want: "TypeError" },
    { given: { code: "not_found" }, want: "not_found" },
    { given: { code: "has spaces: alice@example.com" }, want: "Error" },
    { given: "a bare string", want: "Error" },
    { given: undefined, want: "Error" },
  ];
  it.each(cases)("$want", ({ given, want }) => expect(errorType(given)).toBe(want));
});

describe("a failed span exports no message and no stack", () => {
  it("inSpan (SQL, fetch): a PostgreSQL value in the message is not exported", async () => {
    const { exporter, tracer } = recorder();
    const error = Object.assign(new Error('invalid input syntax for type uuid: "alice-secret"'), {
      name: "DatabaseError",
      code: "22P02",
    });
    await expect(inSpan(tracer, "postgresql SELECT", {}, () => Promise.reject(error))).rejects.toBe(
      error,
    );
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes["error.type"]).toBe("22P02");
    expect(span?.events.map((e) => e.attributes)).toEqual([
      { "exception.type": "22P02", "exception.message": "22P02" },
    ]);
    expect(exported(exporter)).not.toContain("alice-secret");
  });

  it("tracedPort: a file path in an fs error is not exported", async () => {
    const { exporter, tracer } = recorder();
    const store = {
      put: async () => {
        throw Object.assign(new Error("EACCES: rename '/data/tenant-7/payroll.pdf'"), {
          code: "EACCES",
        });
      },
    };
    const traced = tracedPort(store, tracer, { store: "files", system: "filesystem" });
    await expect(traced.put()).rejects.toThrow("EACCES");
    const text = exported(exporter);
    expect(text).toContain('"error.type":"EACCES"');
    expect(text).not.toContain("payroll");
    expect(text).not.toContain("exception.stacktrace");
  });
});
