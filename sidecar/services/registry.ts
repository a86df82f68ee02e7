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

/**
 * The implementations the composition root wires, one full ServiceImpl per service: an RPC
 * without a method does not compile. One not built yet is an explicit `unimplementedRpc(issue)`
 * method (./unimplemented.ts), listed in test/known-gaps.json.
 */
export interface SidecarImplementations {
  admission: ServiceImpl<typeof AdmissionService>;
  auth: ServiceImpl<typeof AuthService>;
  policy: ServiceImpl<typeof PolicyService>;
  audit: ServiceImpl<typeof AuditService>;
  masking: ServiceImpl<typeof MaskingService>;
  secrets: ServiceImpl<typeof SecretsService>;
  rateLimit: ServiceImpl<typeof RateLimitService>;
  tenant: ServiceImpl<typeof TenantService>;
}

/** One service with its implementation, typed together so the two cannot be mismatched. */
interface ServiceEntry {
  service: DescService;
  impl: object;
  register(router: ConnectRouter): void;
}

function entry<S extends DescService>(service: S, impl: ServiceImpl<S>): ServiceEntry {
  return { service, impl, register: (router) => router.service(service, impl) };
}

function entries(impls: SidecarImplementations): ServiceEntry[] {
  return [
    entry(AdmissionService, impls.admission),
    entry(AuthService, impls.auth),
    entry(PolicyService, impls.policy),
    entry(AuditService, impls.audit),
    entry(MaskingService, impls.masking),
    entry(SecretsService, impls.secrets),
    entry(RateLimitService, impls.rateLimit),
    entry(TenantService, impls.tenant),
  ];
}

/** Each service descriptor with its implementation (for the lean gRPC path and tests). */
export function servicePairs(impls: SidecarImplementations): [DescService, object][] {
  return entries(impls).map(({ service, impl }) => [service, impl]);
}

/** The Connect router setup for a set of implementations. */
export function sidecarRoutes(impls: SidecarImplementations): (router: ConnectRouter) => void {
  return (router) => {
    for (const { register } of entries(impls)) register(router);
  };
}
