import { readFileSync } from "node:fs";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { controlPlaneHandlers } from "../../server/control-plane/handlers.js";
import { gatewayHandlers } from "../../server/gateway/handlers.js";
import { gapIssue } from "../../server/shared/http/not-implemented.js";
import { buildSidecar } from "../../sidecar/app.js";
import { servicePairs } from "../../sidecar/services/registry.js";
import { testGatewayConfig, testGatewayPorts } from "../helpers/gateway-ports.js";
import { testSidecarConfig } from "../helpers/sidecar.js";

/**
 * Every contract operation is either implemented or an explicit, listed gap with the issue that
 * fills it. An unlisted gap fails, and so does a listed entry that has since been implemented:
 * test/known-gaps.json can only shrink.
 */
const gaps = JSON.parse(readFileSync(new URL("../known-gaps.json", import.meta.url), "utf8")) as {
  rest: Record<string, Record<string, number>>;
  rpc: Record<string, number>;
};

function restGaps(handlers: object): Record<string, number> {
  const entries = Object.entries(handlers).flatMap(([id, handler]) => {
    const issue = gapIssue(handler);
    return issue === undefined ? [] : [[id, issue] as const];
  });
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

describe("known gaps", () => {
  it.each([
    ["gateway", gatewayHandlers(testGatewayPorts(testGatewayConfig()), new Registry())],
    ["controlPlane", controlPlaneHandlers({})],
  ] as const)("%s: the 501 handlers are exactly the listed ones", (program, handlers) => {
    expect(restGaps(handlers)).toEqual(gaps.rest[program] ?? {});
  });

  it("sidecar: the Unimplemented RPCs are exactly the listed ones", async () => {
    const sidecar = await buildSidecar(testSidecarConfig());
    const missing: Record<string, number> = {};
    for (const [service, impl] of servicePairs(sidecar.implementations)) {
      for (const method of service.methods) {
        const name = `${service.typeName}/${method.name}`;
        const fn = (impl as Record<string, unknown>)[method.localName];
        // An explicit unimplementedRpc(issue) names its issue; an absent method (only possible
        // behind a cast, since the registry takes full ServiceImpls) is a gap with none.
        const issue = typeof fn === "function" ? gapIssue(fn) : 0;
        if (issue !== undefined) missing[name] = issue;
      }
    }
    await sidecar.close();
    expect(missing).toEqual(gaps.rpc);
  }, 120_000);
});
