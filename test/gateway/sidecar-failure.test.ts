import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { AdmitFailureSchema } from "../../gen/proto/coresdk/v1/admission_pb.js";
import { ErrorCode } from "../../gen/proto/coresdk/v1/errors_pb.js";
import { GrpcCallError, GrpcStatus } from "../../lib/grpc/index.js";
import { sidecarFailure } from "../../server/gateway/request-path/sidecar-failure.js";

const failure = (code: ErrorCode, step: string) =>
  create(AdmitFailureSchema, { code, message: "m", step });

describe("sidecarFailure", () => {
  it.each([
    [
      "lean INVALID_ARGUMENT on ValidateToken",
      new GrpcCallError(GrpcStatus.INVALID_ARGUMENT, "x"),
      "ValidateToken",
      "invalid_token",
    ],
    [
      "connect InvalidArgument on ValidateToken",
      new ConnectError("x", Code.InvalidArgument),
      "ValidateToken",
      "invalid_token",
    ],
    [
      "in-band validation_failed on ValidateToken",
      failure(ErrorCode.VALIDATION_FAILED, "ValidateToken"),
      "ValidateToken",
      "invalid_token",
    ],
    [
      "lean INVALID_ARGUMENT on Admit",
      new GrpcCallError(GrpcStatus.INVALID_ARGUMENT, "x"),
      "Admit",
      "internal",
    ],
    [
      "in-band validation_failed on Check",
      failure(ErrorCode.VALIDATION_FAILED, "Check"),
      "Check",
      "internal",
    ],
    ["lean UNAVAILABLE", new GrpcCallError(GrpcStatus.UNAVAILABLE, "x"), "Admit", "unavailable"],
    [
      "lean DEADLINE_EXCEEDED",
      new GrpcCallError(GrpcStatus.DEADLINE_EXCEEDED, "x"),
      "Admit",
      "unavailable",
    ],
    [
      "in-band unavailable",
      failure(ErrorCode.UNAVAILABLE, "Authorize"),
      "Authorize",
      "unavailable",
    ],
    ["anything else", new Error("boom"), "Admit", "unavailable"],
  ])("%s → %s", (_, error, step, code) => {
    const mapped = sidecarFailure(error, step);
    expect(mapped.code).toBe(code);
    if (code === "unavailable") expect(mapped.headers["retry-after"]).toBe("1");
    if (code === "invalid_token")
      expect(mapped.headers["www-authenticate"]).toMatch(/invalid_token/);
  });
});
