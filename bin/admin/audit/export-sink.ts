import { once } from "node:events";
import { open, rename, rm } from "node:fs/promises";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { fileError, OutputClosedError } from "../errors.js";

/** Where an export's lines go: a file (written whole or not at all) or stdout. */
export interface ExportSink {
  write(line: string): Promise<void>;
  /** Finishes the file and gives it its name. */
  close(): Promise<void>;
  /** Removes what was written of the file (after a failed page), leaving no half export. */
  abort(): Promise<void>;
}

/**
 * Writes `line` to `stream`, waiting for 'drain' when its buffer is full. `failure` is the
 * stream's error so far: a stream reports a failed write (ENOSPC, EPIPE) as an 'error' event,
 * often after `write` returned, so the sink keeps a listener and fails the next call.
 */
async function writeLine(stream: Writable, line: string, failure: () => Error | undefined) {
  const failed = failure();
  if (failed) throw failed;
  // `once` rejects if 'error' comes while waiting for 'drain'.
  if (!stream.write(`${line}\n`)) await once(stream, "drain");
  const late = failure();
  if (late) throw late;
}

/** Stdout as a sink; a reader that went away (`| head`) ends the export quietly. */
function stdoutSink(stdout: Writable): ExportSink {
  let failure: Error | undefined;
  const closed = (error: NodeJS.ErrnoException) =>
    error.code === "EPIPE" ? new OutputClosedError("stdout closed", { cause: error }) : error;
  // Kept for the process's life: after EPIPE, later writes error again and must not crash it.
  stdout.on("error", (error) => {
    failure ??= closed(error);
  });
  const write = async (line: string) => {
    try {
      await writeLine(stdout, line, () => failure);
    } catch (error) {
      throw closed(error as NodeJS.ErrnoException);
    }
  };
  // A failed export on stdout simply lacks its end line, which `cpod audit verify` reports.
  return { write, close: async () => undefined, abort: async () => undefined };
}

/**
 * `path` written through `<path>.<pid>.tmp` and renamed when complete, so a failed export never
 * leaves a file that looks finished; without a path, `stdout`. The file is opened before this
 * resolves ("wx": never over someone else's file; 0600: an audit trail is not world-readable),
 * so an unwritable place fails here, as one `FailedError`, before anything is fetched or written.
 *
 * @example
 *   const sink = await openSink("audit.jsonl"); await sink.write("{}"); await sink.close();
 */
export async function openSink(
  path: string | undefined,
  stdout: Writable = process.stdout,
): Promise<ExportSink> {
  if (!path) return stdoutSink(stdout);
  const tmp = `${path}.${process.pid}.tmp`;
  const handle = await open(tmp, "wx", 0o600).catch((error: unknown) => {
    throw fileError("write", path, error);
  });
  const stream = handle.createWriteStream(); // closes the handle when it ends or is destroyed
  let failure: Error | undefined;
  stream.on("error", (error) => {
    failure ??= fileError("write", path, error);
  });
  return {
    async write(line) {
      try {
        await writeLine(stream, line, () => failure);
      } catch (error) {
        // Waiting for 'drain' rejects with the raw error; the listener above has named it.
        throw failure ?? fileError("write", path, error);
      }
    },
    async close() {
      stream.end();
      await finished(stream).catch(() => undefined); // its error is in `failure`
      if (failure) throw failure;
      await rename(tmp, path).catch((error: unknown) => {
        throw fileError("write", path, error);
      });
    },
    async abort() {
      stream.destroy();
      await finished(stream).catch(() => undefined);
      await rm(tmp, { force: true });
    },
  };
}
