// Responses are serialized by their schema (fast-json-stringify), which keeps only declared
// members. An object schema with no `properties` and no `additionalProperties` therefore goes
// out as `{}` — that silently emptied audit metadata once and broke re-verification of
// record hashes by clients. Every such schema must say `additionalProperties` explicitly.
import { describe, expect, it } from "vitest";
import controlPlane from "../../gen/openapi/controlPlane.json" with { type: "json" };
import gateway from "../../gen/openapi/gateway.json" with { type: "json" };

function undeclaredObjects(node: unknown, path: string, found: string[]): string[] {
  if (!node || typeof node !== "object") return found;
  const schema = node as Record<string, unknown>;
  const type = schema.type;
  const isObject = type === "object" || (Array.isArray(type) && type.includes("object"));
  const composed = ["$ref", "oneOf", "anyOf", "allOf"].some((k) => k in schema);
  if (isObject && !composed && !schema.properties && schema.additionalProperties === undefined) {
    found.push(path);
  }
  for (const [key, value] of Object.entries(schema))
    undeclaredObjects(value, `${path}/${key}`, found);
  return found;
}

describe.each([
  ["gateway", gateway],
  ["control plane", controlPlane],
])("%s contract", (_name, document) => {
  it("declares additionalProperties on every object schema without properties", () => {
    expect(undeclaredObjects(document, "#", [])).toEqual([]);
  });
});
