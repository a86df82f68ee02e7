/**
 * The admin commands' failures, mapped to exit codes in one place (`exitCodeOf`):
 * - 2, `UsageError`: the command line or the environment is wrong; nothing was sent.
 * - 1, `RefusedError`: the control plane answered 4xx/5xx (a Problem or an OAuth error body).
 * - 1, `UnreachableError`: no answer at all (refused connection, DNS, timeout).
 * - 1, `FailedError`: the command ran and the result is a failure (a broken audit chain, an
 *   unreadable file).
 * - 0, `OutputClosedError`: stdout's reader went away (`cpod audit export | head`); nothing is
 *   printed, as with any command-line tool whose reader stopped reading.
 * Each message is one line, printed after `cpod <command>:` on stderr.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The control plane refused the call; `code` is the Problem's (or OAuth `error`'s) code. */
export class RefusedError extends Error {
  override readonly name = "RefusedError";
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(`refused: ${status} ${code}${detail ? ` (${detail})` : ""}`);
  }
}

/** The control plane could not be asked at all. */
export class UnreachableError extends Error {
  override readonly name = "UnreachableError";
}

/** The command itself came to a failing result. */
export class FailedError extends Error {
  override readonly name = "FailedError";
}

/** Stdout was closed by its reader (EPIPE): the command stops, quietly. */
export class OutputClosedError extends Error {
  override readonly name = "OutputClosedError";
}

/** A file that could not be read or written, as one line naming it and the system's code. */
export function fileError(verb: "read" | "write", path: string, error: unknown): FailedError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new FailedError(`cannot ${verb} ${path} (${code})`, { cause: error });
}

/** The process exit code for `error`; anything unforeseen is a failure (1), never a success. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof OutputClosedError) return 0;
  return error instanceof UsageError ? 2 : 1;
}

/** Whether `error` ends the command without a line on stderr. */
export const isQuiet = (error: unknown) => error instanceof OutputClosedError;

/** The one line to print for `error`: its message without newlines (a server's text included). */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, " ").trim();
}
