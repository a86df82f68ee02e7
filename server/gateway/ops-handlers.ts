import { readFileSync } from "node:fs";
import type { GatewayHandlers } from "../../gen/routes/gateway.js";
import { healthResult, type ReadinessCheck, readinessResult } from "../shared/http/health.js";
import type { GatewayContext } from "./handlers.js";

const SPEC_URL = new URL("../../gen/openapi/gateway.json", import.meta.url);

type OpsHandlers = Pick<
  GatewayHandlers<GatewayContext>,
  "getHealth" | "getReadiness" | "getOpenApiDocument"
>;

/** Health, readiness and the served spec (the bundled, entity-expanded document from gen/). */
export function opsHandlers(checks: Record<string, ReadinessCheck>): OpsHandlers {
  const spec = JSON.parse(readFileSync(SPEC_URL, "utf8")) as Record<string, unknown>;
  return {
    getHealth: healthResult,
    getReadiness: () => readinessResult(checks),
    getOpenApiDocument: async () => ({ status: 200, body: spec }),
  };
}
