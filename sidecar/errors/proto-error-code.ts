import type { ErrorCode } from "../../gen/errors/codes.js";
import { ErrorCode as ProtoErrorCode } from "../../gen/proto/coresdk/v1/errors_pb.js";
import { SidecarError } from "./sidecar-error.js";

/**
 * The proto enum value of a cPod error code (`"unavailable"` → ERROR_CODE_UNAVAILABLE), for
 * answers that carry a failure in-band (AdmitResponse.failure, EmitBatch results) instead of as
 * an RPC error. The two spellings are one closed set (test/contract/error-codes.test.ts).
 */
export function protoErrorCode(code: ErrorCode): ProtoErrorCode {
  return (
    ProtoErrorCode[code.toUpperCase() as keyof typeof ProtoErrorCode] ?? ProtoErrorCode.INTERNAL
  );
}

/** A thrown failure as an in-band `{code, message}`: ours keep theirs, anything else is internal. */
export function inBandFailure(error: unknown): { code: ProtoErrorCode; message: string } {
  const failure = SidecarError.from(error);
  return { code: protoErrorCode(failure.errorCode), message: failure.rawMessage };
}
