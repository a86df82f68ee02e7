// Node's parse errors as raw HTTP/1.1 Problem responses, table-driven over the error codes and
// the overflowing bytes (no socket: the handler only writes and ends what it is given).
import { maxHeaderSize } from "node:http";
import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { clientErrorHandler } from "../../../server/shared/http/client-errors.js";

/** Runs the handler for one error; returns what it wrote and whether it closed the socket. */
function answer(code: string, rawPacket?: Buffer) {
  let written = "";
  let destroyed = false;
  const socket = {
    destroyed: false,
    writable: true,
    end(data: string, done: () => void) {
      written = data;
      done();
    },
    destroy() {
      destroyed = true;
    },
  } as unknown as Socket;
  const error = Object.assign(new Error(code), { code, rawPacket });
  const app = { log: { debug() {} } } as unknown as FastifyInstance;
  clientErrorHandler.call(app, error, socket);
  const [head = "", body = ""] = written.split("\r\n\r\n");
  return { head, body: body ? JSON.parse(body) : undefined, destroyed };
}

const line = (length: number) => Buffer.from(`GET /${"a".repeat(length)} HTTP/1.1\r\nHost: x\r\n`);

describe("clientErrorHandler", () => {
  it.each([
    ["ERR_HTTP_REQUEST_TIMEOUT", undefined, 408, "request_timeout"],
    ["HPE_INVALID_METHOD", undefined, 400, "bad_request"],
    ["HPE_HEADER_OVERFLOW", line(100), 431, "headers_too_large"],
    ["HPE_HEADER_OVERFLOW", line(maxHeaderSize + 10), 414, "uri_too_long"],
    ["HPE_HEADER_OVERFLOW", Buffer.from("a".repeat(1000)), 414, "uri_too_long"],
  ])("%s (%#) → %i %s with a request id, then closes", (code, raw, status, problem) => {
    const res = answer(code, raw);
    expect(res.head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(res.head).toContain("Content-Type: application/problem+json");
    expect(res.head).toContain("Connection: close");
    expect(res.body).toMatchObject({ status, code: problem });
    expect(res.head).toContain(`X-Request-Id: ${res.body.request_id}`);
    expect(res.destroyed).toBe(true);
  });

  it("writes nothing after a reset", () => {
    expect(answer("ECONNRESET").head).toBe("");
  });
});
