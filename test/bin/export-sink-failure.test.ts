// A write that fails after the export file was opened (ENOSPC on a full disk): node:fs is
// replaced so the disk can be "full" without one. The failure must reach the command as one
// FailedError naming the file, never as an unhandled 'error' event.
import { Writable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { FailedError } from "../../bin/admin/errors.js";

/** The stream the fake handle gives; set per test. */
let highWaterMark = 16_384;

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const full = () =>
    new Writable({
      highWaterMark,
      write(_chunk, _encoding, callback) {
        const error = new Error("ENOSPC: no space left on device, write");
        callback(Object.assign(error, { code: "ENOSPC" }));
      },
    });
  return { ...real, open: async () => ({ createWriteStream: full }) };
});

const { openSink } = await import("../../bin/admin/audit/export-sink.js");

describe("openSink on a full disk", () => {
  it.each([
    ["while the stream still buffers", 16_384],
    ["while waiting for 'drain'", 1],
  ])("fails the export as one FailedError %s", async (_, size) => {
    highWaterMark = size;
    const path = "/var/exports/audit.jsonl";
    const sink = await openSink(path);
    const writing = (async () => {
      for (let i = 0; i < 3; i++) await sink.write("{}");
    })();
    await expect(writing).rejects.toBeInstanceOf(FailedError);
    await expect(writing).rejects.toThrow(`cannot write ${path} (ENOSPC)`);
    await expect(sink.close()).rejects.toThrow(`cannot write ${path} (ENOSPC)`);
    await sink.abort();
  });
});
