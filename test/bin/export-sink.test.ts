// Where `cpod audit export` writes: a file that appears whole or not at all, or stdout. Failures
// are one typed error, never an unhandled 'error' event or a leftover .tmp file.
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { openSink } from "../../bin/admin/audit/export-sink.js";
import { FailedError, OutputClosedError } from "../../bin/admin/errors.js";

const dir = () => mkdtempSync(join(tmpdir(), "cpod-export-sink-"));

describe("openSink", () => {
  it("fails to open in a directory that does not exist, as one FailedError", async () => {
    const path = join(dir(), "missing", "audit.jsonl");
    const opening = openSink(path);
    await expect(opening).rejects.toBeInstanceOf(FailedError);
    await expect(opening).rejects.toThrow(`cannot write ${path} (ENOENT)`);
  });

  it("names the file only when closed, readable by its owner alone", async () => {
    const where = dir();
    const path = join(where, "audit.jsonl");
    const sink = await openSink(path);
    await sink.write("{}");
    expect(readdirSync(where)).toEqual([`audit.jsonl.${process.pid}.tmp`]);
    await sink.close();
    expect(readdirSync(where)).toEqual(["audit.jsonl"]);
    expect(readFileSync(path, "utf8")).toBe("{}\n");
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("leaves nothing behind when aborted", async () => {
    const where = dir();
    const sink = await openSink(join(where, "audit.jsonl"));
    await sink.write("{}");
    await sink.abort();
    expect(readdirSync(where)).toEqual([]);
  });

  it("turns a closed stdout (EPIPE) into OutputClosedError, with no unhandled 'error'", async () => {
    const stdout = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      },
    });
    const sink = await openSink(undefined, stdout);
    const writing = (async () => {
      for (let i = 0; i < 3; i++) await sink.write("{}");
    })();
    await expect(writing).rejects.toBeInstanceOf(OutputClosedError);
  });
});
