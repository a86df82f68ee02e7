import http2, { constants } from "node:http2";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextKey, type HandlerContext } from "@connectrpc/connect";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  AuthService,
  ValidateTokenRequestSchema,
  ValidateTokenResponseSchema,
} from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { RateLimitService } from "../../../gen/proto/coresdk/v1/rate_limit_pb.js";
import { encodeFrame } from "../../../lib/grpc/framing.js";
import { UnaryGrpcServer } from "../../../lib/grpc/unary-server.js";

/** What a raw HTTP/2 client saw: headers, trailers, body bytes, and the reset code. */
interface RawAnswer {
  headers: http2.IncomingHttpHeaders;
  trailers: http2.IncomingHttpHeaders;
  body: Buffer;
  rstCode: number | undefined;
}

const VALIDATE = "/coresdk.v1.AuthService/ValidateToken";
const ANSWER = createContextKey(42);
const grpcHeaders = (path: string, extra: http2.OutgoingHttpHeaders = {}) => ({
  ":method": "POST",
  ":path": path,
  "content-type": "application/grpc",
  te: "trailers",
  ...extra,
});
const request = (token: string) =>
  encodeFrame(toBinary(ValidateTokenRequestSchema, create(ValidateTokenRequestSchema, { token })));

/** A test server: the dispatcher first, a recognisable 418 fallback for what it leaves. */
describe("UnaryGrpcServer on a real node:http2 server", () => {
  let server: http2.Http2Server;
  let session: http2.ClientHttp2Session;
  const seen: { signal?: AbortSignal; finished: [string, number][]; hang: (() => void)[] } = {
    finished: [],
    hang: [],
  };
  const auth = {
    validateToken(req: { token: string }, ctx: HandlerContext) {
      seen.signal = ctx.signal;
      if (req.token === "throw-connect") {
        const metadata = new Headers({ "cpod-error-code": "not_found" });
        throw new ConnectError("no such token ünïcode", Code.NotFound, metadata);
      }
      if (req.token === "throw-bug") throw new Error("secret internals");
      if (req.token === "hang") return new Promise((resolve) => seen.hang.push(() => resolve({})));
      if (req.token === "headers") {
        ctx.responseHeader.set("x-from-impl", "header");
        ctx.responseTrailer.set("x-trailer", "trailer");
      }
      if (req.token === "context") {
        const deadline = ctx.timeoutMs();
        const facts = [ctx.requestHeader.get("x-who"), ctx.url, ctx.protocolName, ctx.method.name];
        facts.push(String(deadline !== undefined && deadline > 0 && deadline <= 60_000));
        facts.push(String(ctx.values.get(ANSWER)), ctx.signal.aborted ? "aborted" : "live");
        return { valid: true, claims: { sub: facts.join(" ") } };
      }
      return { valid: req.token === "good" };
    },
  };

  beforeAll(async () => {
    const lean = new UnaryGrpcServer({
      services: [
        [AuthService, auth],
        [RateLimitService, {}],
      ],
      methods: ["coresdk.v1.AuthService/ValidateToken", "coresdk.v1.AuthService/NoSuchMethod"],
      maxRequestBytes: 1024,
      check: (_method, req) =>
        (req as unknown as { token: string }).token === "refuse"
          ? { code: Code.InvalidArgument, rawMessage: "refused by check" }
          : undefined,
      onFinish: (route, status) => seen.finished.push([route.label, status]),
    });
    server = http2.createServer();
    server.on("stream", (stream, headers) => {
      if (lean.handle(stream, headers)) return;
      stream.respond({ ":status": 418 }, { endStream: true });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    session = http2.connect(`http://127.0.0.1:${port}`);
  });
  afterEach(() => {
    seen.finished = [];
    for (const release of seen.hang.splice(0)) release();
  });
  afterAll(async () => {
    session?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  function raw(
    headers: http2.OutgoingHttpHeaders,
    chunks: Buffer[],
    opts: { cancelAfterMs?: number } = {},
  ): Promise<RawAnswer> {
    return new Promise((resolve) => {
      const stream = session.request(headers);
      const answer: RawAnswer = { headers: {}, trailers: {}, body: Buffer.alloc(0), rstCode: 0 };
      stream.on("response", (h) => {
        answer.headers = h;
      });
      stream.on("trailers", (t) => {
        answer.trailers = t;
      });
      stream.on("data", (d: Buffer) => {
        answer.body = Buffer.concat([answer.body, d]);
      });
      stream.on("error", () => undefined);
      stream.on("close", () => resolve({ ...answer, rstCode: stream.rstCode }));
      for (const chunk of chunks) stream.write(chunk);
      if (opts.cancelAfterMs === undefined) stream.end();
      else setTimeout(() => stream.close(constants.NGHTTP2_CANCEL), opts.cancelAfterMs);
    });
  }

  const status = (a: RawAnswer) =>
    (a.trailers["grpc-status"] ?? a.headers["grpc-status"]) as string;
  const message = (a: RawAnswer) => decodeURIComponent(String(a.headers["grpc-message"] ?? ""));

  it("answers a call: message, grpc-status 0 in trailers, the request's content-type echoed", async () => {
    const answer = await raw(grpcHeaders(VALIDATE, { "content-type": "application/grpc+proto" }), [
      request("good"),
    ]);
    expect(answer.headers[":status"]).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/grpc+proto");
    expect(answer.trailers["grpc-status"]).toBe("0");
    const reply = fromBinary(ValidateTokenResponseSchema, answer.body.subarray(5));
    expect(reply.valid).toBe(true);
    expect(seen.finished).toEqual([["coresdk.v1.AuthService/ValidateToken", 0]]);
  });

  it("reads a request split across DATA frames at any byte", async () => {
    const frame = request("good");
    const answer = await raw(grpcHeaders(VALIDATE), [
      frame.subarray(0, 2),
      frame.subarray(2, 6),
      frame.subarray(6),
    ]);
    expect(status(answer)).toBe("0");
  });

  it("sends what the implementation set as response headers and trailers", async () => {
    const answer = await raw(grpcHeaders(VALIDATE), [request("headers")]);
    expect(answer.headers["x-from-impl"]).toBe("header");
    expect(answer.trailers).toMatchObject({ "x-trailer": "trailer", "grpc-status": "0" });
  });

  it("gives the implementation a HandlerContext: headers, url (IPv6 bracketed), deadline, values", async () => {
    const headers = grpcHeaders(VALIDATE, {
      "x-who": "tester",
      ":authority": "::1:50051",
      "grpc-timeout": "1M",
    });
    const answer = await raw(headers, [request("context")]);
    const reply = fromBinary(ValidateTokenResponseSchema, answer.body.subarray(5));
    expect(reply.claims?.sub).toBe(
      `tester http://[::1]:50051${VALIDATE} grpc ValidateToken true 42 live`,
    );
  });

  it("maps a thrown ConnectError to its code, percent-encoded message and metadata", async () => {
    const answer = await raw(grpcHeaders(VALIDATE), [request("throw-connect")]);
    expect(answer.headers).toMatchObject({ ":status": 200, "grpc-status": "5" });
    expect(answer.headers["grpc-message"]).toBe("no such token %C3%BCn%C3%AFcode");
    expect(answer.headers["cpod-error-code"]).toBe("not_found");
    expect(answer.body.length).toBe(0);
    expect(seen.finished).toEqual([["coresdk.v1.AuthService/ValidateToken", 5]]);
  });

  it("answers anything else thrown with INTERNAL and no internals", async () => {
    const answer = await raw(grpcHeaders(VALIDATE), [request("throw-bug")]);
    expect(status(answer)).toBe("13");
    expect(message(answer)).toBe("internal error");
  });

  it("lets `check` refuse a request before the implementation", async () => {
    const answer = await raw(grpcHeaders(VALIDATE), [request("refuse")]);
    expect([status(answer), message(answer)]).toEqual(["3", "refused by check"]);
  });

  it.each([
    ["no message", [] as Buffer[], "13", "missing request message"],
    ["two messages", [request("good"), request("good")], "13", "more than one request message"],
    ["a truncated message", [request("good").subarray(0, 7)], "13", "ended inside a message"],
    ["bytes that are not the message", [encodeFrame(Buffer.from([0xff, 0xff]))], "13", "parse"],
    ["an oversized message", [encodeFrame(Buffer.alloc(2048))], "8", "larger than 1024 bytes"],
    ["a compressed message without grpc-encoding", [compressed()], "13", "compressed"],
  ])("answers %s per the spec", async (_name, chunks, want, text) => {
    const answer = await raw(grpcHeaders(VALIDATE), chunks);
    expect(answer.headers[":status"]).toBe(200);
    expect(status(answer)).toBe(want);
    expect(message(answer)).toContain(text);
  });

  it("answers a message compressed with an unsupported grpc-encoding UNIMPLEMENTED", async () => {
    const answer = await raw(grpcHeaders(VALIDATE, { "grpc-encoding": "gzip" }), [compressed()]);
    expect(status(answer)).toBe("12");
    expect(answer.headers["grpc-accept-encoding"]).toBe("identity");
    // Uncompressed messages are fine whatever grpc-encoding says.
    const plain = await raw(grpcHeaders(VALIDATE, { "grpc-encoding": "gzip" }), [request("good")]);
    expect(status(plain)).toBe("0");
  });

  it("answers DEADLINE_EXCEEDED when grpc-timeout passes first, and aborts the context signal", async () => {
    const answer = await raw(grpcHeaders(VALIDATE, { "grpc-timeout": "20m" }), [request("hang")]);
    expect(status(answer)).toBe("4");
    expect(seen.signal?.aborted).toBe(true);
    expect(ConnectError.from(seen.signal?.reason).code).toBe(Code.DeadlineExceeded);
    expect(seen.finished).toEqual([["coresdk.v1.AuthService/ValidateToken", 4]]);
    // The late answer is dropped without a write after the end.
    for (const release of seen.hang.splice(0)) release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.finished).toHaveLength(1);
  });

  it("answers a malformed grpc-timeout INTERNAL, and ignores one too long for a timer", async () => {
    const bad = await raw(grpcHeaders(VALIDATE, { "grpc-timeout": "soon" }), [request("good")]);
    expect([status(bad), message(bad)]).toEqual(["13", "malformed grpc-timeout"]);
    const long = await raw(grpcHeaders(VALIDATE, { "grpc-timeout": "99999999H" }), [
      request("good"),
    ]);
    expect(status(long)).toBe("0");
  });

  it("ends a call quietly when the client cancels: signal aborted, counted CANCELLED", async () => {
    const answer = await raw(grpcHeaders(VALIDATE), [request("hang")], { cancelAfterMs: 0 });
    expect(answer.rstCode).toBe(constants.NGHTTP2_CANCEL);
    await vi.waitFor(() =>
      expect(seen.finished).toEqual([["coresdk.v1.AuthService/ValidateToken", 1]]),
    );
    expect(seen.signal?.aborted).toBe(true);
  });

  it("answers a method no service has UNIMPLEMENTED (HTTP 200, trailers-only), naming it", async () => {
    const answer = await raw(grpcHeaders("/nope.v1.Nothing/Here"), [request("x")]);
    expect(answer.headers[":status"]).toBe(200);
    expect(status(answer)).toBe("12");
    expect(message(answer)).toBe("unknown method nope.v1.Nothing/Here");
    // A listed name the services lack is not served either.
    const listed = await raw(grpcHeaders("/coresdk.v1.AuthService/NoSuchMethod"), [request("x")]);
    expect(status(listed)).toBe("12");
  });

  it.each([
    ["a served method that is not lean", grpcHeaders("/coresdk.v1.AuthService/Authorize")],
    [
      "a lean method over gRPC-Web",
      grpcHeaders(VALIDATE, { "content-type": "application/grpc-web" }),
    ],
    ["a lean method as +json", grpcHeaders(VALIDATE, { "content-type": "application/grpc+json" })],
    ["Connect", grpcHeaders(VALIDATE, { "content-type": "application/proto" })],
    ["a GET", grpcHeaders(VALIDATE, { ":method": "GET" })],
    [
      "an unknown method over Connect",
      grpcHeaders("/x.Y/Z", { "content-type": "application/json" }),
    ],
  ])("leaves %s to the fallback", async (_name, headers) => {
    const answer = await raw(headers, headers[":method"] === "GET" ? [] : [request("good")]);
    expect(answer.headers[":status"]).toBe(418);
  });
});

function compressed(): Buffer {
  const frame = request("good");
  frame[0] = 1;
  return frame;
}
