import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ResolveTenantResponseSchema,
  type TenantService,
  TenantStatus,
  ValidateIsolationResponseSchema,
} from "../../gen/proto/coresdk/v1/tenant_pb.js";
import { SidecarError } from "../errors/sidecar-error.js";
import type { TenantDirectory } from "./tenant-directory.js";

/**
 * TenantService: what a tenant may do (status, plan, limits), and whether a caller may touch a
 * resource of another tenant — never, so isolation is an equality check that names its reason.
 */
export function createTenantService(tenants: TenantDirectory): ServiceImpl<typeof TenantService> {
  return {
    async resolveTenant(request) {
      const tenant = await tenants.resolve(request.tenantId);
      if (!tenant) throw new SidecarError("not_found", "tenant not found");
      const { requestsPerWindow, windowMs, burst } = tenant.limits;
      return create(ResolveTenantResponseSchema, {
        tenantId: tenant.id,
        status: tenant.status === "active" ? TenantStatus.ACTIVE : TenantStatus.SUSPENDED,
        plan: tenant.plan,
        limits: { requestsPerWindow, windowMs, burst },
      });
    },
    async validateIsolation(request) {
      if (request.callerTenantId !== request.resourceTenantId) {
        return create(ValidateIsolationResponseSchema, {
          allowed: false,
          reason: "tenant_mismatch",
        });
      }
      const tenant = await tenants.resolve(request.callerTenantId);
      if (!tenant)
        return create(ValidateIsolationResponseSchema, {
          allowed: false,
          reason: "unknown_tenant",
        });
      if (tenant.status !== "active") {
        return create(ValidateIsolationResponseSchema, {
          allowed: false,
          reason: "tenant_suspended",
        });
      }
      return create(ValidateIsolationResponseSchema, { allowed: true, reason: "" });
    },
  };
}
