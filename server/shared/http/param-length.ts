import type { RouteSpec } from "../../../gen/routes/types.js";

type Schema = { $ref?: string; maxLength?: number };

/** Follows a local `$ref` (`cpod:gateway#/components/schemas/ClientId`) within the document. */
function resolve(schema: Schema, document: Record<string, unknown>): Schema {
  if (!schema.$ref) return schema;
  const pointer = schema.$ref.slice(schema.$ref.indexOf("#/") + 2).split("/");
  let node: unknown = document;
  for (const part of pointer) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== "object" || node === null) {
    throw new TypeError(`unresolvable path parameter schema ${schema.$ref}`);
  }
  return resolve(node as Schema, document);
}

/**
 * The router's `maxParamLength` for a route table: twice the largest `maxLength` of any path
 * parameter the spec declares, so every spec-valid value reaches its route and the schema —
 * not the router — answers an over-long one (400 `validation_failed`); only a value past this
 * bound is refused by the router (414 `uri_too_long`).
 *
 * Why twice: find-my-way measures the percent-decoded value in UTF-16 code units, while JSON
 * Schema's `maxLength` counts code points, and one code point is at most two units. A key of
 * 256 characters sent as `%XX` triplets is 768 bytes on the wire but 256 once decoded.
 *
 * Greedy parameters (fastify's `*`) are not bounded by the router and are skipped. A path
 * parameter without a `maxLength` throws: the bound must come from the contract.
 *
 * @example
 *   Fastify({ routerOptions: { maxParamLength: maxParamLength(gatewayRoutes, document) } });
 */
export function maxParamLength(
  routes: readonly RouteSpec[],
  document: Record<string, unknown>,
): number {
  let longest = 0;
  for (const route of routes) {
    const params = route.schema.params as { properties?: Record<string, Schema> } | undefined;
    for (const [name, schema] of Object.entries(params?.properties ?? {})) {
      if (name === route.greedyParam) continue;
      const { maxLength } = resolve(schema, document);
      if (typeof maxLength !== "number") {
        throw new TypeError(`path parameter ${name} of ${route.operationId} has no maxLength`);
      }
      longest = Math.max(longest, maxLength);
    }
  }
  return 2 * longest;
}
