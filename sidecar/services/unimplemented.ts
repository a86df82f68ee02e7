import { type GapMarked, markGap } from "../../lib/known-gap.js";
import { SidecarError } from "../errors/sidecar-error.js";

/**
 * An RPC the contract declares but this build does not implement yet: an explicit method of a
 * full ServiceImpl that answers Unimplemented (SidecarError `not_implemented`, so the connect and
 * the lean gRPC paths answer it alike, with `cpod-error-code`) and names the issue that will
 * build it. Every use must be listed under "rpc" in `test/known-gaps.json`.
 *
 * @example
 *   const service: ServiceImpl<typeof TenantService> = {
 *     resolveTenant: async (req) => …,
 *     validateIsolation: unimplementedRpc(42),
 *   };
 */
export function unimplementedRpc(issue: number): GapMarked<() => Promise<never>> {
  const method = async (): Promise<never> => {
    throw new SidecarError("not_implemented", `not implemented yet (tracked in issue #${issue})`);
  };
  return markGap(method, issue);
}
