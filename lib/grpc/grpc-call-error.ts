import { GrpcStatus, grpcStatusName } from "./status.js";

/**
 * A gRPC call that did not return a response: its status number (never 0), the server's message
 * (decoded), and the response headers and trailers merged into one plain record, so a caller can
 * read application metadata such as `cpod-error-code` without a Headers object. `code` is the
 * status as a stable name ("deadline_exceeded"). Local failures (connection refused, local
 * deadline) carry the underlying error as `cause`.
 *
 * @example
 *   try { await client.call(AuthService.method.validateToken, { token }, { timeoutMs: 50 }) }
 *   catch (e) { if (e instanceof GrpcCallError && e.status === GrpcStatus.UNAVAILABLE) retry(); }
 */
export class GrpcCallError extends Error {
  override readonly name = "GrpcCallError";
  /** The gRPC status number (1–16). */
  readonly status: number;
  /** The status as a stable lower-case name, e.g. "unavailable". */
  readonly code: string;
  /** Response headers and trailers (trailers win), lower-case names, pseudo-headers left out. */
  readonly metadata: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    metadata: Readonly<Record<string, string>> = {},
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.status = status;
    this.code = grpcStatusName(status);
    this.metadata = metadata;
  }

  /** Normalizes anything thrown: a GrpcCallError as it is, anything else as UNKNOWN. */
  static from(error: unknown): GrpcCallError {
    if (error instanceof GrpcCallError) return error;
    return new GrpcCallError(GrpcStatus.UNKNOWN, "unknown error", {}, { cause: error });
  }
}
