import type { QueryResponse } from "../../../gen/proto/coresdk/v1/audit_pb.js";

/** One page request of a tenant's chain (AuditService.Query, without filters). */
export interface AuditPageRequest {
  tenantId: string;
  limit?: number;
  /** The sidecar's own opaque cursor. */
  cursor?: string;
}

/**
 * The control plane's read side of the sidecar's audit chain, for the admin export. Query is a
 * tenant-scoped RPC: it needs an access token of that tenant with `audit.read`, beside the
 * platform caller credential, so the caller passes one.
 */
export interface AuditReader {
  /** One page in ascending sequence order; throws the ConnectError the sidecar answered. */
  queryAudit(request: AuditPageRequest, accessToken: string): Promise<QueryResponse>;
}
