import type { OpenApiDoc } from "./openapi-bundle.js";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/**
 * Answers any operation can give before its route runs, by status: the URL or the header
 * section over the server's limits (server/shared/http: router limits, Node's parser). Each is a
 * response the root document lists under `components.responses`.
 */
const FRAMEWORK_RESPONSES: Record<string, string> = {
  "414": "UriTooLong",
  "431": "HeadersTooLarge",
};

/**
 * Documents the framework-level answers on every operation of a bundled document (entity
 * operations included, so call it after expanding them), so clients and contract checks see
 * every status the server can really send; an operation that lists one itself keeps its own.
 */
export function addFrameworkResponses(doc: OpenApiDoc): void {
  for (const name of Object.values(FRAMEWORK_RESPONSES)) {
    if (!doc.components.responses?.[name]) {
      throw new Error(`openapi: components.responses.${name} is missing from the root document`);
    }
  }
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as { responses?: Record<string, unknown> } | undefined;
      if (!op) continue;
      op.responses ??= {};
      for (const [status, name] of Object.entries(FRAMEWORK_RESPONSES)) {
        op.responses[status] ??= { $ref: `#/components/responses/${name}` };
      }
    }
  }
}
