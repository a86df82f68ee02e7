import type { ControlPlaneHandlers } from "../../gen/routes/controlPlane.js";
import { healthResult, type ReadinessCheck, readinessResult } from "../shared/http/health.js";
import { notImplemented } from "../shared/http/not-implemented.js";

/** What a control-plane handler knows about the request it serves. */
export interface ControlPlaneContext {
  requestId: string;
}

const CONTROL_PLANE = 4;

/**
 * The control plane's handler for every operation in `openapi/control-plane.yaml`. Slots filled
 * with `notImplemented(n)` answer 501 and are listed in test/known-gaps.json.
 */
export function controlPlaneHandlers(
  checks: Record<string, ReadinessCheck>,
): ControlPlaneHandlers<ControlPlaneContext> {
  return {
    getHealth: healthResult,
    getReadiness: () => readinessResult(checks),
    createTenant: notImplemented(CONTROL_PLANE),
    listTenants: notImplemented(CONTROL_PLANE),
    getTenant: notImplemented(CONTROL_PLANE),
    suspendTenant: notImplemented(CONTROL_PLANE),
    createApp: notImplemented(CONTROL_PLANE),
    listApps: notImplemented(CONTROL_PLANE),
    getApp: notImplemented(CONTROL_PLANE),
    deleteApp: notImplemented(CONTROL_PLANE),
    rotateAppSecret: notImplemented(CONTROL_PLANE),
    rotateSigningKey: notImplemented(CONTROL_PLANE),
    issueToken: notImplemented(CONTROL_PLANE),
    introspectToken: notImplemented(CONTROL_PLANE),
    revokeToken: notImplemented(CONTROL_PLANE),
    getJwks: notImplemented(CONTROL_PLANE),
    getServerMetadata: notImplemented(CONTROL_PLANE),
  };
}
