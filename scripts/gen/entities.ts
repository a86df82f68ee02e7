import type { OpenApiDoc } from "./openapi-bundle.js";
import type { EntityInfo } from "./templates/route-types.js";

/** The marker an `openapi/` schema carries to be expanded into a CRUD resource. */
export interface EntityMarker {
  plural: string;
  id_prefix: string;
  indexed: string[];
}

export type Schema = Record<string, unknown> & {
  properties?: Record<string, unknown>;
  required?: string[];
};

const MARKER = "x-cpod-entity";
const ERRORS = { 400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 429: "TooManyRequests" };

/** `people` → `People`, `technology-assets` → `TechnologyAssets`. */
export function pascal(name: string): string {
  return name
    .split(/[-_ ]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** Checks a marker early so a typo in a spec is one clear line, not a broken server. */
function readMarker(type: string, schema: Schema): EntityMarker {
  const marker = schema[MARKER] as Partial<EntityMarker> | undefined;
  const fields = Object.keys(schema.properties ?? {});
  if (!marker?.plural || !/^[a-z][a-z0-9-]*$/.test(marker.plural)) {
    throw new Error(`${type}: ${MARKER}.plural must be a lowercase URL segment`);
  }
  if (!marker.id_prefix || !/^[a-z]{2,8}$/.test(marker.id_prefix)) {
    throw new Error(`${type}: ${MARKER}.id_prefix must be 2-8 lowercase letters`);
  }
  for (const field of marker.indexed ?? []) {
    if (!fields.includes(field)) throw new Error(`${type}: indexed field ${field} is not declared`);
  }
  return { plural: marker.plural, id_prefix: marker.id_prefix, indexed: marker.indexed ?? [] };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });

function errorResponses(codes: number[]): Record<string, unknown> {
  const all: Record<number, string> = {
    ...ERRORS,
    404: "NotFound",
    409: "Conflict",
    412: "PreconditionFailed",
    413: "PayloadTooLarge",
    500: "Internal",
    503: "Unavailable",
  };
  return Object.fromEntries(codes.map((code) => [String(code), response(all[code] ?? "Internal")]));
}

/** The base fields every entity has, taken from the spec's `EntityBase` schema. */
function baseSchema(doc: OpenApiDoc): Schema {
  const base = doc.components.schemas?.EntityBase as Schema | undefined;
  if (!base?.properties) throw new Error("openapi: components.schemas.EntityBase is missing");
  return base;
}

/**
 * The fields of an update, minus their `default`s: the validator fills defaults in, so a PATCH
 * of `{}` would become `{status: "in_stock"}` — passing `minProperties` and resetting a field
 * the caller never sent. Defaults apply on create only.
 */
function withoutDefaults(properties: Schema["properties"]): Schema["properties"] {
  if (!properties) return properties;
  const entries = Object.entries(properties).map(([name, field]) => {
    const { default: _default, ...rest } = field as Schema & { default?: unknown };
    return [name, rest];
  });
  return Object.fromEntries(entries);
}

/** Adds `<T>Create`, `<T>Update`, `<T>` (with base fields) and `<T>List` schemas. */
function addSchemas(doc: OpenApiDoc, type: string, own: Schema, info: EntityInfo): void {
  const schemas = doc.components.schemas as Record<string, unknown>;
  const base = baseSchema(doc);
  // Without the source's `title` (the entity's name): generators name a model after its title,
  // so Create and Update carrying `title: Person` collide with `Person` itself.
  const { [MARKER]: _marker, title: _title, ...fields } = own;
  schemas[`${type}Create`] = {
    ...fields,
    title: `${type}Create`,
    additionalProperties: false,
  };
  schemas[`${type}Update`] = {
    ...fields,
    title: `${type}Update`,
    properties: withoutDefaults(fields.properties),
    required: undefined,
    minProperties: 1,
    additionalProperties: false,
    description: `Fields to change on a ${type}; absent fields keep their value.`,
  };
  schemas[type] = {
    title: type,
    type: "object",
    description: own.description ?? `A ${type} entity.`,
    [MARKER]: { plural: info.plural, id_prefix: info.id_prefix, indexed: info.indexed },
    properties: { ...base.properties, ...own.properties },
    required: [...(base.required ?? []), ...(own.required ?? [])],
    additionalProperties: false,
  };
  schemas[`${type}List`] = {
    type: "object",
    description: `One page of ${info.plural}; pass next_cursor back to get the next page.`,
    properties: {
      items: { type: "array", items: ref(type) },
      next_cursor: {
        type: ["string", "null"],
        description: "Opaque cursor; null on the last page.",
      },
    },
    required: ["items", "next_cursor"],
    additionalProperties: false,
  };
  cleanUndefined(schemas[`${type}Update`] as Record<string, unknown>);
}

function cleanUndefined(object: Record<string, unknown>): void {
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key];
}

export type { EntityInfo };
export { addSchemas, errorResponses, readMarker, ref };
