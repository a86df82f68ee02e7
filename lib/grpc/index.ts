/**
 * A minimal, standard gRPC transport on node:http2 for unary calls — server dispatcher and client
 * — shared by the sidecar (which serves its per-request methods with it) and the gateway (which
 * calls them). connect-node still serves everything else on the same port.
 */
export { bracketIPv6Authority } from "./authority.js";
export type { UnaryResult } from "./client-call.js";
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  encodeFrame,
  FrameDecoder,
  type FrameFault,
} from "./framing.js";
export { GrpcCallError } from "./grpc-call-error.js";
export { LeanHandlerContext } from "./handler-context.js";
export { grpcStatusFromHttp, grpcStatusFromRstCode } from "./http-mapping.js";
export type { CallPolicy, CallTrace, UnaryRoute } from "./server-call.js";
export type { CallFailure } from "./server-reply.js";
export {
  decodeGrpcMessage,
  encodeGrpcMessage,
  GrpcStatus,
  type GrpcStatusCode,
  grpcStatusName,
  parseGrpcStatus,
} from "./status.js";
export { formatGrpcTimeout, MAX_TIMER_MS, parseGrpcTimeout } from "./timeout.js";
export {
  LeanGrpcClient,
  type LeanGrpcClientOptions,
  type UnaryCallOptions,
} from "./unary-client.js";
export { UnaryGrpcServer, type UnaryServerOptions } from "./unary-server.js";
