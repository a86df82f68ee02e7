/**
 * The admin commands' failures, mapped to exit codes in one place (`exitCodeOf`):
 * - 2, `UsageError`: the command line or the environment is wrong; nothing was sent.
 * - 1, `RefusedError`: the control plane answered 4xx/5xx (a Problem or an OAuth error body).
 * - 1, `UnreachableError`: no answer at all (refused connection, DNS, timeout).
 * - 1, `FailedError`: the command ran and the result is a failure (a broken audit chain, an
 *   unreadable file).
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

/** The process exit code for `error`; anything unforeseen is a failure (1), never a success. */
export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError ? 2 : 1;
}

/** The one line to print for `error`: its message without newlines (a server's text included). */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, " ").trim();
}
