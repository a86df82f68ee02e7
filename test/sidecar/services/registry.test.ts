// The registry takes one full ServiceImpl per service, so an RPC without a method fails `tsc`
// (which checks test/ too), and one not built yet is an explicit, findable Unimplemented.
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { AuthService } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import type { TenantService } from "../../../gen/proto/coresdk/v1/tenant_pb.js";
import { gapIssue } from "../../../lib/known-gap.js";
import { SidecarError } from "../../../sidecar/errors/sidecar-error.js";
import type { SidecarImplementations } from "../../../sidecar/services/registry.js";
import { unimplementedRpc } from "../../../sidecar/services/unimplemented.js";

describe("sidecar service registry", () => {
  it("takes full ServiceImpls, so a service missing a method does not compile", () => {
    expectTypeOf<SidecarImplementations["auth"]>().toEqualTypeOf<ServiceImpl<typeof AuthService>>();
    const full = {} as ServiceImpl<typeof TenantService>;
    const { validateIsolation: _dropped, ...incomplete } = full;
    // @ts-expect-error validateIsolation is missing: a Partial registry would accept this.
    const tenant: SidecarImplementations["tenant"] = incomplete;
    expect(tenant).toBeDefined();
    const explicit: SidecarImplementations["tenant"] = {
      ...incomplete,
      validateIsolation: unimplementedRpc(7),
    };
    expect(gapIssue(explicit.validateIsolation)).toBe(7);
  });

  it("an explicit unimplementedRpc answers Unimplemented with not_implemented and its issue", async () => {
    const error = await unimplementedRpc(42)().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SidecarError);
    expect(ConnectError.from(error).code).toBe(Code.Unimplemented);
    expect((error as SidecarError).errorCode).toBe("not_implemented");
    expect((error as SidecarError).rawMessage).toContain("#42");
  });
});
