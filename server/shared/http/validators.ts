import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

type AnySchema = Record<string, unknown>;

function makeAjv(coerce: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    // Unknown fields must be rejected (additionalProperties: false), never silently dropped.
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: coerce ? "array" : false,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}

/**
 * Validators for generated route schemas. OpenAPI 3.1 schemas are JSON Schema 2020-12, so Ajv's
 * 2020 dialect is used. Query strings, params and headers arrive as strings and are coerced; JSON
 * bodies are not: `"5"` where the spec says integer is a 400, not a silent conversion.
 */
export function createValidatorCompiler(
  sharedSchemas: AnySchema[],
): FastifySchemaCompiler<AnySchema> {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  for (const schema of sharedSchemas) {
    strict.addSchema(schema);
    coercing.addSchema(schema);
  }
  return ({ schema, httpPart }) => {
    const ajv = httpPart === "body" ? strict : coercing;
    return ajv.compile(schema) as ReturnType<FastifySchemaCompiler<AnySchema>>;
  };
}
