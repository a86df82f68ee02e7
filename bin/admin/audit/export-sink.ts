import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import type { Writable } from "node:stream";

/** Where an export's lines go: a file (written whole or not at all) or stdout. */
export interface ExportSink {
  write(line: string): Promise<void>;
  /** Finishes the file and gives it its name. */
  close(): Promise<void>;
  /** Removes what was written of the file (after a failed page), leaving no half export. */
  abort(): Promise<void>;
}

async function writeLine(stream: Writable, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, "drain");
}

/**
 * `path` written through `<path>.<pid>.tmp` and renamed when complete, so a failed export never
 * leaves a file that looks finished; without a path, stdout (a failed export there simply lacks
 * its end line, which `cpod audit verify` reports).
 *
 * @example
 *   const sink = openSink("audit.jsonl"); await sink.write("{}"); await sink.close();
 */
export function openSink(path: string | undefined): ExportSink {
  if (!path) {
    return {
      write: (line) => writeLine(process.stdout, line),
      close: async () => undefined,
      abort: async () => undefined,
    };
  }
  const tmp = `${path}.${process.pid}.tmp`;
  const stream = createWriteStream(tmp, { mode: 0o600 });
  const finished = async () => {
    if (!stream.writableFinished) await new Promise<void>((resolve) => stream.end(resolve));
  };
  return {
    write: (line) => writeLine(stream, line),
    async close() {
      await finished();
      await rename(tmp, path);
    },
    async abort() {
      await finished();
      await rm(tmp, { force: true });
    },
  };
}
