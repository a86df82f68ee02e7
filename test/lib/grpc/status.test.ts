import { constants } from "node:http2";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { grpcStatusFromHttp, grpcStatusFromRstCode } from "../../../lib/grpc/http-mapping.js";
import {
  decodeGrpcMessage,
  encodeGrpcMessage,
  GrpcStatus,
  grpcStatusName,
  parseGrpcStatus,
} from "../../../lib/grpc/status.js";

describe("grpc-message percent-encoding", () => {
  it.each([
    ["plain ascii", "plain ascii"],
    ["100%", "100%25"],
    ["naïve", "na%C3%AFve"],
    ["line\nbreak\ttab", "line%0Abreak%09tab"],
    ["emoji 🙂", "emoji %F0%9F%99%82"],
    ["~ and space", "~ and space"],
    ["\u007f del", "%7F del"],
  ])("encodes %j as %j and back", (text, wire) => {
    expect(encodeGrpcMessage(text)).toBe(wire);
    expect(decodeGrpcMessage(wire)).toBe(text);
  });

  it("keeps an encoded value within the spec's grammar", () => {
    const text = "anything: ü ∑ %zz \u0000 \r\n end";
    expect(encodeGrpcMessage(text)).toMatch(/^([\x20-\x24\x26-\x7e]|%[0-9A-F]{2})*$/);
    expect(decodeGrpcMessage(encodeGrpcMessage(text))).toBe(text);
  });

  it("never fails on a malformed value: bad escapes stay as they are", () => {
    expect(decodeGrpcMessage("100% sure")).toBe("100% sure");
    expect(decodeGrpcMessage("%zz%4")).toBe("%zz%4");
    expect(decodeGrpcMessage("%C3")).toBe("\ufffd");
    expect(decodeGrpcMessage("%e2%82%ac")).toBe("€");
  });
});

describe("status numbers", () => {
  it("equal connect's Code values, so a ConnectError's code goes on the wire unchanged", () => {
    expect(GrpcStatus.INVALID_ARGUMENT).toBe(Code.InvalidArgument);
    expect(GrpcStatus.UNIMPLEMENTED).toBe(Code.Unimplemented);
    expect(GrpcStatus.UNAUTHENTICATED).toBe(Code.Unauthenticated);
    expect(grpcStatusName(4)).toBe("deadline_exceeded");
    expect(grpcStatusName(99)).toBe("unknown");
  });

  it.each([
    ["0", 0],
    ["16", 16],
    ["17", undefined],
    ["-1", undefined],
    ["1a", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("parses grpc-status %j as %j", (given, want) => {
    expect(parseGrpcStatus(given)).toBe(want);
  });

  it.each([
    [400, GrpcStatus.INTERNAL],
    [401, GrpcStatus.UNAUTHENTICATED],
    [403, GrpcStatus.PERMISSION_DENIED],
    [404, GrpcStatus.UNIMPLEMENTED],
    [429, GrpcStatus.UNAVAILABLE],
    [502, GrpcStatus.UNAVAILABLE],
    [503, GrpcStatus.UNAVAILABLE],
    [504, GrpcStatus.UNAVAILABLE],
    [200, GrpcStatus.UNKNOWN],
    [500, GrpcStatus.UNKNOWN],
  ])("maps HTTP %d to gRPC %d", (http, want) => {
    expect(grpcStatusFromHttp(http)).toBe(want);
  });

  it.each([
    [constants.NGHTTP2_REFUSED_STREAM, GrpcStatus.UNAVAILABLE],
    [constants.NGHTTP2_CANCEL, GrpcStatus.CANCELLED],
    [constants.NGHTTP2_ENHANCE_YOUR_CALM, GrpcStatus.RESOURCE_EXHAUSTED],
    [constants.NGHTTP2_INADEQUATE_SECURITY, GrpcStatus.PERMISSION_DENIED],
    [constants.NGHTTP2_PROTOCOL_ERROR, GrpcStatus.INTERNAL],
    [constants.NGHTTP2_INTERNAL_ERROR, GrpcStatus.INTERNAL],
  ])("maps RST_STREAM %d to gRPC %d", (rst, want) => {
    expect(grpcStatusFromRstCode(rst)).toBe(want);
  });
});
