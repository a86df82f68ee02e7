import { execFile as execFileCb } from "node:child_process";
import { writeFileSync } from "node:fs";
import http2, { constants } from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthService,
  ValidateTokenRequestSchema,
  ValidateTokenResponseSchema,
} from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { encodeFrame } from "../../../lib/grpc/framing.js";
import { GrpcCallError } from "../../../lib/grpc/grpc-call-error.js";
import { GrpcStatus } from "../../../lib/grpc/status.js";
import { LeanGrpcClient } from "../../../lib/grpc/unary-client.js";

const execFile = promisify(execFileCb);
const ROOT = new URL("../../..", import.meta.url).pathname;
const validate = AuthService.method.validateToken;
const reply = (valid: boolean) =>
  encodeFrame(
    toBinary(ValidateTokenResponseSchema, create(ValidateTokenResponseSchema, { valid })),
  );
const GRPC = { ":status": 200, "content-type": "application/grpc+proto" };

/** Server behaviours, picked by the client's `x-behaviour` header. */
const BEHAVIOURS: Record<string, (stream: http2.ServerHttp2Stream) => void> = {
  ok(stream) {
    stream.respond(
      { ...GRPC, "cpod-rate-limit-degraded": "store-unavailable" },
      {
        waitForTrailers: true,
      },
    );
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0", "x-t": "1" }));
    stream.end(reply(true));
  },
  fail(stream) {
    stream.respond(
      {
        ...GRPC,
        "grpc-status": "5",
        "grpc-message": "tenant %C3%BC not found",
        "cpod-error-code": "not_found",
      },
      { endStream: true },
    );
  },
  http404: (stream) =>
    stream.respond({ ":status": 404, "content-type": "text/plain" }, { endStream: true }),
  http503: (stream) => stream.respond({ ":status": 503 }, { endStream: true }),
  html200: (stream) =>
    stream.respond({ ":status": 200, "content-type": "text/html" }, { endStream: true }),
  hang: () => undefined,
  refused: (stream) => stream.close(constants.NGHTTP2_REFUSED_STREAM),
  reset: (stream) => stream.close(constants.NGHTTP2_INTERNAL_ERROR),
  noStatus(stream) {
    stream.respond(GRPC);
    stream.end(reply(true));
  },
  twoMessages(stream) {
    stream.respond(GRPC, { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
    stream.end(Buffer.concat([reply(true), reply(false)]));
  },
  garbage(stream) {
    stream.respond(GRPC, { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
    stream.end(encodeFrame(Buffer.from([0xff, 0xff, 0xff])));
  },
  big(stream) {
    stream.respond(GRPC, { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
    stream.end(encodeFrame(Buffer.alloc(64 * 1024)));
  },
  // A draining server: GOAWAY, then close once its streams are done.
  goaway(stream) {
    BEHAVIOURS.ok?.(stream);
    stream.session?.close();
  },
};

describe("LeanGrpcClient against a raw node:http2 server on [::1]", () => {
  let server: http2.Http2Server;
  let baseUrl: string;
  let client: LeanGrpcClient;
  const seen: { headers: http2.IncomingHttpHeaders[]; sessions: number; cancelled: number } = {
    headers: [],
    sessions: 0,
    cancelled: 0,
  };

  beforeAll(async () => {
    server = http2.createServer();
    server.on("session", () => seen.sessions++);
    server.on("stream", (stream, headers) => {
      seen.headers.push(headers);
      stream.on("error", () => undefined);
      stream.on("close", () => {
        if (stream.rstCode === constants.NGHTTP2_CANCEL) seen.cancelled++;
      });
      stream.resume();
      stream.on("end", () => BEHAVIOURS[String(headers["x-behaviour"])]?.(stream));
    });
    await new Promise<void>((resolve) => server.listen(0, "::1", resolve));
    baseUrl = `http://[::1]:${(server.address() as { port: number }).port}`;
    client = new LeanGrpcClient({ baseUrl, maxResponseBytes: 1024 });
  });
  afterAll(async () => {
    await client?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const call = (behaviour: string, timeoutMs = 5_000) =>
    client.call(validate, { token: "t" }, { timeoutMs, headers: { "x-behaviour": behaviour } });
  const failure = (behaviour: string, timeoutMs?: number) =>
    call(behaviour, timeoutMs).then(
      () => expect.unreachable("the call should fail"),
      (error: unknown) => error as GrpcCallError,
    );

  it("sends a standard gRPC request with a bracketed IPv6 :authority", async () => {
    const answer = await call("ok", 250);
    expect(answer.valid).toBe(true);
    const headers = seen.headers.at(-1) ?? {};
    expect(headers).toMatchObject({
      ":method": "POST",
      ":path": "/coresdk.v1.AuthService/ValidateToken",
      ":authority": baseUrl.slice("http://".length),
      ":scheme": "http",
      "content-type": "application/grpc+proto",
      te: "trailers",
      "grpc-timeout": "250m",
    });
    expect(headers["user-agent"]).toMatch(/^grpc-/);
  });

  it("sends the request message framed", async () => {
    const server2 = http2.createServer();
    const body = new Promise<Buffer>((resolve) =>
      server2.on("stream", (stream) => {
        const chunks: Buffer[] = [];
        stream.on("data", (d: Buffer) => chunks.push(d));
        stream.on("end", () => {
          resolve(Buffer.concat(chunks));
          BEHAVIOURS.ok?.(stream);
        });
      }),
    );
    await new Promise<void>((resolve) => server2.listen(0, "127.0.0.1", resolve));
    const other = new LeanGrpcClient({
      baseUrl: `http://127.0.0.1:${(server2.address() as { port: number }).port}`,
    });
    await other.call(validate, { token: "framed" });
    const bytes = await body;
    expect(bytes.readUInt32BE(1)).toBe(bytes.length - 5);
    expect(fromBinary(ValidateTokenRequestSchema, bytes.subarray(5)).token).toBe("framed");
    await other.close();
    await new Promise((resolve) => server2.close(resolve));
  });

  it("gives response headers and trailers on request", async () => {
    const answer = await client.callWithMetadata(
      validate,
      { token: "t" },
      {
        headers: { "x-behaviour": "ok" },
      },
    );
    expect(answer.message.valid).toBe(true);
    expect(answer.headers["cpod-rate-limit-degraded"]).toBe("store-unavailable");
    expect(answer.trailers).toMatchObject({ "grpc-status": "0", "x-t": "1" });
  });

  it("rejects a server status with a typed error: number, decoded message, metadata record", async () => {
    const error = await failure("fail");
    expect(error).toBeInstanceOf(GrpcCallError);
    expect(error).toMatchObject({ status: 5, code: "not_found", message: "tenant ü not found" });
    expect(error.metadata["cpod-error-code"]).toBe("not_found");
    expect(error.metadata[":status"]).toBeUndefined();
  });

  it.each([
    ["http404", GrpcStatus.UNIMPLEMENTED],
    ["http503", GrpcStatus.UNAVAILABLE],
    ["html200", GrpcStatus.UNKNOWN],
    ["refused", GrpcStatus.UNAVAILABLE],
    ["reset", GrpcStatus.INTERNAL],
    ["noStatus", GrpcStatus.INTERNAL],
    ["twoMessages", GrpcStatus.INTERNAL],
    ["garbage", GrpcStatus.INTERNAL],
    ["big", GrpcStatus.RESOURCE_EXHAUSTED],
  ])("maps a %s answer to gRPC status %d", async (behaviour, status) => {
    expect((await failure(behaviour)).status).toBe(status);
  });

  it("enforces the deadline locally and cancels the stream", async () => {
    const before = seen.cancelled;
    const error = await failure("hang", 30);
    expect(error).toMatchObject({
      status: GrpcStatus.DEADLINE_EXCEEDED,
      code: "deadline_exceeded",
    });
    await expect.poll(() => seen.cancelled).toBe(before + 1);
  });

  it("opens a new session after GOAWAY, and keeps one session otherwise", async () => {
    await call("ok");
    const before = seen.sessions;
    await call("ok");
    expect(seen.sessions).toBe(before);
    await call("goaway");
    await expect.poll(async () => (await call("ok")).valid).toBe(true);
    expect(seen.sessions).toBe(before + 1);
  });

  it("reports a refused connection UNAVAILABLE, and fails calls after close()", async () => {
    const closed = http2.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = new LeanGrpcClient({ baseUrl: `http://127.0.0.1:${port}` });
    const error = await nowhere.call(validate, { token: "t" }).catch((e: GrpcCallError) => e);
    expect(error).toMatchObject({ status: GrpcStatus.UNAVAILABLE });
    await nowhere.close();
    const after = await nowhere.call(validate, { token: "t" }).catch((e: GrpcCallError) => e);
    expect(after).toMatchObject({ status: GrpcStatus.UNAVAILABLE, message: "client is closed" });
  });

  it("refuses a non-HTTP base URL at construction", () => {
    expect(() => new LeanGrpcClient({ baseUrl: "unix:/tmp/x" })).toThrow(TypeError);
  });

  it("never keeps a process alive: a script that calls and never closes still exits", async () => {
    const script = join(tmpdir(), `lean-client-unref-${process.pid}.mts`);
    writeFileSync(
      script,
      [
        `import { LeanGrpcClient } from ${JSON.stringify(`${ROOT}lib/grpc/unary-client.ts`)};`,
        `import { AuthService } from ${JSON.stringify(`${ROOT}gen/proto/coresdk/v1/auth_pb.ts`)};`,
        `const client = new LeanGrpcClient({ baseUrl: ${JSON.stringify(baseUrl)} });`,
        `const reply = await client.call(AuthService.method.validateToken, { token: "t" }, { headers: { "x-behaviour": "ok" } });`,
        `console.log(JSON.stringify({ valid: reply.valid }));`,
      ].join("\n"),
    );
    // If the session stayed ref'd this would hang until the 60 s idle timeout (the test fails).
    const { stdout } = await execFile(process.execPath, ["--import", "tsx", script], {
      cwd: ROOT,
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toEqual({ valid: true });
  });
});
