import type { DescService } from "@bufbuild/protobuf";
import type { ConnectRouter, ServiceImpl } from "@connectrpc/connect";
import { AdmissionService } from "../../gen/proto/coresdk/v1/admission_pb.js";
import { AuditService } from "../../gen/proto/coresdk/v1/audit_pb.js";
import { AuthService } from "../../gen/proto/coresdk/v1/auth_pb.js";
import { MaskingService } from "../../gen/proto/coresdk/v1/masking_pb.js";
import { PolicyService } from "../../gen/proto/coresdk/v1/policy_pb.js";
import { RateLimitService } from "../../gen/proto/coresdk/v1/rate_limit_pb.js";
import { SecretsService } from "../../gen/proto/coresdk/v1/secrets_pb.js";
import { TenantService } from "../../gen/proto/coresdk/v1/tenant_pb.js";

/** The implementations the composition root wires, one per service. */
export interface SidecarImplementations {
  admission: ServiceImpl<typeof AdmissionService>;
  auth: Partial<ServiceImpl<typeof AuthService>>;
  policy: Partial<ServiceImpl<typeof PolicyService>>;
  audit: Partial<ServiceImpl<typeof AuditService>>;
  masking: Partial<ServiceImpl<typeof MaskingService>>;
  secrets: Partial<ServiceImpl<typeof SecretsService>>;
  rateLimit: Partial<ServiceImpl<typeof RateLimitService>>;
  tenant: Partial<ServiceImpl<typeof TenantService>>;
}

/** Pairs each service descriptor with its implementation (a missing RPC answers Unimplemented). */
export function servicePairs(impls: SidecarImplementations): [DescService, object][] {
  return [
    [AdmissionService, impls.admission],
    [AuthService, impls.auth],
    [PolicyService, impls.policy],
    [AuditService, impls.audit],
    [MaskingService, impls.masking],
    [SecretsService, impls.secrets],
    [RateLimitService, impls.rateLimit],
    [TenantService, impls.tenant],
  ];
}

/** The Connect router setup for a set of implementations. */
export function sidecarRoutes(impls: SidecarImplementations): (router: ConnectRouter) => void {
  return (router) => {
    for (const [service, impl] of servicePairs(impls)) router.service(service, impl as never);
  };
}
