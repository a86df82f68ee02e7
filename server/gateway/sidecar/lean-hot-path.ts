import { AdmissionService } from "../../../gen/proto/coresdk/v1/admission_pb.js";
import { AuditService } from "../../../gen/proto/coresdk/v1/audit_pb.js";
import { CALLER_CREDENTIAL_HEADER } from "../../../lib/caller-credential.js";
import { LeanGrpcClient } from "../../../lib/grpc/index.js";
import type { SidecarHotPath } from "./hot-path.js";

/**
 * The per-request sidecar calls over the lean gRPC client (`lib/grpc`): standard gRPC on one
 * HTTP/2 session, none of connect-node's per-call machinery (linked AbortControllers, an error
 * object on every close) — the production transport of the hot path. Failures reject with
 * `GrpcCallError` (status number, message, `cpod-error-code` in its metadata). Every call carries
 * the platform caller credential (metadata set once on the client).
 *
 * @example
 *   const hotPath = leanHotPath(baseUrl, credential); // the default of SidecarClient.connect
 */
export function leanHotPath(baseUrl: string, credential?: string): SidecarHotPath {
  const headers = credential ? { [CALLER_CREDENTIAL_HEADER]: credential } : undefined;
  const client = new LeanGrpcClient({ baseUrl, userAgent: "cpod-gateway", headers });
  return {
    admit: (request, opts) => client.call(AdmissionService.method.admit, request, opts),
    admitBatch: (request, opts) => client.call(AdmissionService.method.admitBatch, request, opts),
    emitBatch: (request, opts) => client.call(AuditService.method.emitBatch, request, opts),
    close: () => void client.close(),
  };
}
