import { readFileSync } from "node:fs";
import type { Registry } from "prom-client";
import type { GatewayHandlers } from "../../../gen/routes/gateway.js";
import { healthResult, type ReadinessCheck, readinessResult } from "../../shared/http/health.js";
import type { GatewayContext } from "../handlers.js";
import { apiDocsAsset, apiDocsPage } from "./api-docs.js";

const SPEC_URL = new URL("../../../gen/openapi/gateway.json", import.meta.url);

type OpsHandlers = Pick<
  GatewayHandlers<GatewayContext>,
  | "getHealth"
  | "getReadiness"
  | "getOpenApiDocument"
  | "getApiDocs"
  | "getApiDocsAsset"
  | "getMetrics"
>;

/** What the ops routes report on: readiness checks and the gateway's metrics registry. */
export interface OpsDeps {
  checks: Record<string, ReadinessCheck>;
  metrics: Registry;
}

/**
 * Health, readiness, Prometheus metrics, the served spec (the bundled, entity-expanded document
 * from gen/) and the interactive reference rendered from it.
 */
export function opsHandlers(ops: OpsDeps): OpsHandlers {
  const spec = JSON.parse(readFileSync(SPEC_URL, "utf8")) as Record<string, unknown>;
  return {
    getHealth: healthResult,
    getReadiness: () => readinessResult(ops.checks),
    getOpenApiDocument: async () => ({ status: 200, body: spec }),
    getApiDocs: apiDocsPage,
    getApiDocsAsset: apiDocsAsset,
    getMetrics: async () => ({
      status: 200,
      body: await ops.metrics.metrics(),
      headers: { "content-type": ops.metrics.contentType },
    }),
  };
}
