// Every generated entity type goes through the whole request path with a real sidecar: a type
// whose plural has a hyphen (`technology-assets`) once failed Authorize's resource-type rule
// and surfaced as a retryable 503. Bodies are built from each schema's own examples.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import spec from "../../gen/openapi/gateway.json" with { type: "json" };
import { gatewayEntities } from "../../gen/routes/gateway.js";
import { auditSettled } from "../../server/gateway/app.js";
import { bearer, type Stack, startStack } from "./harness.js";

type Schema = { required?: string[]; properties?: Record<string, { examples?: unknown[] }> };

/** The smallest valid body: each required field with its first example in the served spec. */
function minimalBody(type: string): Record<string, unknown> {
  const schemas = spec.components.schemas as Record<string, Schema>;
  const schema = schemas[`${type}Create`] as Schema;
  return Object.fromEntries(
    (schema.required ?? []).map((field) => [field, schema.properties?.[field]?.examples?.[0]]),
  );
}

describe("every entity type through the real sidecar", () => {
  let stack: Stack;
  let auth: Record<string, string>;

  beforeAll(async () => {
    stack = await startStack();
    auth = bearer(await stack.token("ten_alpha", { app: "app_a" }));
  }, 60_000);
  afterAll(async () => stack?.close());

  it.each(gatewayEntities.map((e) => [e.type, e.plural] as const))(
    "%s (/v1/entities/%s): create, get, list, delete",
    async (type, plural) => {
      const url = `/v1/entities/${plural}`;
      const made = await stack.gateway.inject({
        method: "POST",
        url,
        headers: auth,
        payload: minimalBody(type),
      });
      expect(made.statusCode, made.body).toBe(201);
      const id = made.json().id as string;
      const got = await stack.gateway.inject({ method: "GET", url: `${url}/${id}`, headers: auth });
      expect(got.statusCode).toBe(200);
      const listed = await stack.gateway.inject({ method: "GET", url, headers: auth });
      expect(listed.json().items.map((e: { id: string }) => e.id)).toContain(id);
      const del = await stack.gateway.inject({
        method: "DELETE",
        url: `${url}/${id}`,
        headers: auth,
      });
      expect(del.statusCode).toBe(204);
      await auditSettled(stack.gateway);
    },
  );
});
