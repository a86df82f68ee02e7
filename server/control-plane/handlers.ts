import type { ControlPlaneHandlers } from "../../gen/routes/controlPlane.js";
import { ApiError } from "../shared/errors/api-error.js";
import { healthResult, type ReadinessCheck, readinessResult } from "../shared/http/health.js";
import { type AdminServices, adminHandlers } from "./handlers/admin-handlers.js";
import type { ControlPlaneContext } from "./handlers/context.js";
import { type OAuthServices, oauthHandlers } from "./handlers/oauth-handlers.js";

export type { ControlPlaneContext } from "./handlers/context.js";

/** Everything the handlers call; built by the composition root (app.ts). */
export type ControlPlaneServices = AdminServices & OAuthServices;

/**
 * Services for a handler table built without any (contract tests list the handlers that way):
 * every call answers 503, so such a table can never serve anything by accident.
 */
const UNWIRED = new Proxy({} as ControlPlaneServices, {
  get() {
    throw new ApiError("unavailable", "The control plane is not wired to its stores.");
  },
});

/**
 * The control plane's handler for every operation in `openapi/control-plane.yaml`; a missing one
 * does not compile. No slot is `notImplemented` any more (test/known-gaps.json lists none).
 */
export function controlPlaneHandlers(
  checks: Record<string, ReadinessCheck>,
  services: ControlPlaneServices = UNWIRED,
): ControlPlaneHandlers<ControlPlaneContext> {
  return {
    getHealth: healthResult,
    getReadiness: () => readinessResult(checks),
    // Both only capture `services`; nothing is read from it until a request arrives.
    ...adminHandlers(services),
    ...oauthHandlers(services),
  };
}
