import { randomUUID } from "node:crypto";
import { maxHeaderSize, STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";
import type { ErrorCode } from "../../../gen/errors/codes.js";
import { ApiError } from "../errors/api-error.js";
import { problemBody } from "./problems.js";

/** Node's parse errors, by what they tell the client. */
const REQUEST_TIMEOUT = "ERR_HTTP_REQUEST_TIMEOUT";
const HEADER_OVERFLOW = "HPE_HEADER_OVERFLOW";

/**
 * Whether a header overflow is the request line's own: Node counts the request line in
 * `maxHeaderSize`, so a long URL overflows the same way many headers do. The bytes that overflowed
 * tell them apart — no line end within the limit means the request line alone was too long.
 */
function requestLineOverflow(rawPacket: unknown): boolean {
  if (!Buffer.isBuffer(rawPacket)) return false;
  const lineEnd = rawPacket.indexOf("\r\n");
  return lineEnd === -1 || lineEnd >= maxHeaderSize;
}

/** Which Problem one of Node's parse errors is. */
function problemFor(error: NodeJS.ErrnoException & { rawPacket?: unknown }): ApiError {
  const [code, detail]: [ErrorCode, string] =
    error.code === REQUEST_TIMEOUT
      ? ["request_timeout", "The request was not received in time."]
      : error.code !== HEADER_OVERFLOW
        ? ["bad_request", "The request is not valid HTTP/1.1."]
        : requestLineOverflow(error.rawPacket)
          ? ["uri_too_long", "The request target is over the size limit."]
          : ["headers_too_large", "The request headers are over the size limit."];
  return new ApiError(code, detail);
}

/** A complete HTTP/1.1 response carrying one Problem, for a socket no request object exists on. */
export function rawProblemResponse(error: ApiError, requestId: string): string {
  const body = JSON.stringify(problemBody(error, requestId));
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? "Error"}`,
    "Content-Type: application/problem+json",
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

/**
 * fastify's `clientErrorHandler`: what Node's HTTP parser refuses before any route runs (a header
 * section or URL over `maxHeaderSize`, bytes that are not HTTP, a request that never finished)
 * is answered as a Problem with a fresh request id, like every other error, and the connection is
 * closed — the parser cannot read another request from it.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error, socket: Socket): void {
  const parseError = error as NodeJS.ErrnoException;
  if (parseError.code === "ECONNRESET" || socket.destroyed) return;
  const requestId = randomUUID();
  this.log.debug({ err: error, reqId: requestId }, "client error");
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(rawProblemResponse(problemFor(parseError), requestId), () => socket.destroy());
}
