import { constants } from "node:http2";
import { GrpcStatus, type GrpcStatusCode } from "./status.js";

/**
 * The gRPC status a client reports when an HTTP response is not gRPC (a proxy's error page, a
 * 404 from a server that does not know the path), per
 * https://github.com/grpc/grpc/blob/master/doc/http-grpc-status-mapping.md.
 *
 * @example
 *   grpcStatusFromHttp(404); // 12 (UNIMPLEMENTED)
 */
export function grpcStatusFromHttp(httpStatus: number): GrpcStatusCode {
  switch (httpStatus) {
    case 400:
      return GrpcStatus.INTERNAL;
    case 401:
      return GrpcStatus.UNAUTHENTICATED;
    case 403:
      return GrpcStatus.PERMISSION_DENIED;
    case 404:
      return GrpcStatus.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return GrpcStatus.UNAVAILABLE;
    default:
      return GrpcStatus.UNKNOWN;
  }
}

/**
 * The gRPC status for a stream reset before any grpc-status arrived, per the RST_STREAM table of
 * the gRPC HTTP/2 spec (REFUSED_STREAM may be retried: UNAVAILABLE; CANCEL: CANCELLED).
 *
 * @example
 *   grpcStatusFromRstCode(constants.NGHTTP2_REFUSED_STREAM); // 14 (UNAVAILABLE)
 */
export function grpcStatusFromRstCode(rstCode: number): GrpcStatusCode {
  switch (rstCode) {
    case constants.NGHTTP2_REFUSED_STREAM:
      return GrpcStatus.UNAVAILABLE;
    case constants.NGHTTP2_CANCEL:
      return GrpcStatus.CANCELLED;
    case constants.NGHTTP2_ENHANCE_YOUR_CALM:
      return GrpcStatus.RESOURCE_EXHAUSTED;
    case constants.NGHTTP2_INADEQUATE_SECURITY:
      return GrpcStatus.PERMISSION_DENIED;
    default:
      return GrpcStatus.INTERNAL;
  }
}
