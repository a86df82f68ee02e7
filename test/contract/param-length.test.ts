import { describe, expect, it } from "vitest";
import { controlPlaneRoutes, controlPlaneSchemaDocument } from "../../gen/routes/controlPlane.js";
import { gatewayRoutes, gatewaySchemaDocument } from "../../gen/routes/gateway.js";
import type { RouteSpec } from "../../gen/routes/types.js";
import { maxParamLength } from "../../server/shared/http/param-length.js";

/** A route with one path parameter of `schema`. */
const route = (schema: object, greedyParam?: string): RouteSpec => ({
  operationId: "op",
  method: "GET",
  path: "/x/{p}",
  url: "/x/:p",
  ...(greedyParam ? { greedyParam } : {}),
  security: { kind: "public" },
  bodyKind: "none",
  schema: { params: { type: "object", properties: { p: schema } } },
});

describe("the router's maxParamLength comes from the spec", () => {
  it("is twice the longest path parameter: KV keys (256) on the gateway, client ids (64) on the control plane", () => {
    expect(maxParamLength(gatewayRoutes, gatewaySchemaDocument)).toBe(512);
    expect(maxParamLength(controlPlaneRoutes, controlPlaneSchemaDocument)).toBe(128);
  });

  it("follows $refs into the schema document", () => {
    const doc = { components: { schemas: { Id: { type: "string", maxLength: 40 } } } };
    expect(maxParamLength([route({ $ref: "cpod:x#/components/schemas/Id" })], doc)).toBe(80);
  });

  it("skips greedy parameters, which the router does not bound", () => {
    expect(maxParamLength([route({ type: "string" }, "p")], {})).toBe(0);
  });

  it("refuses a path parameter that declares no maxLength", () => {
    expect(() => maxParamLength([route({ type: "string", pattern: "^a+$" })], {})).toThrow(
      /path parameter p of op has no maxLength/,
    );
  });
});
