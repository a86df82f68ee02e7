import {
  addSchemas,
  type EntityInfo,
  errorResponses,
  pascal,
  readMarker,
  ref,
  type Schema,
} from "./entities.js";
import type { OpenApiDoc } from "./openapi-bundle.js";

const ENTITIES_TAG = "Entities";
const json = (schema: unknown) => ({ "application/json": { schema } });
// `bearerAuth` as the alternative, as on the hand-written operations: the same token, for tools
// that do not model OAuth flows (Swagger UI users paste it).
const read = [{ oauth2: ["entities.read"] }, { bearerAuth: [] }];
const write = [{ oauth2: ["entities.write"] }, { bearerAuth: [] }];

// The example is what Swagger UI prefills. No real id can be known ahead (ids are ULIDs minted
// on create), so it is an all-zero ULID no entity ever has: "Try it out" then answers a 404
// Problem instead of refusing to send, and the description says where a real id comes from.
const idParam = (info: EntityInfo) => ({
  name: "id",
  in: "path",
  required: true,
  description: `The ${info.type} id (\`${info.id_prefix}_\` + ULID), as create and list return it. The example is a placeholder no ${info.type} has (it answers 404 \`not_found\`): replace it with the \`id\` of one you created.`,
  schema: {
    type: "string",
    maxLength: info.id_prefix.length + 27,
    pattern: `^${info.id_prefix}_[0-9A-HJKMNP-TV-Z]{26}$`,
  },
  example: `${info.id_prefix}_00000000000000000000000000`,
});

const ifMatch = {
  name: "If-Match",
  in: "header",
  required: false,
  description: 'The version the caller last read (`"<version>"`); a stale one answers 412.',
  schema: { type: "string", maxLength: 64 },
};

const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Replays the first response for 24 h; the same key with another body is a 409.",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};

function listParams(info: EntityInfo) {
  const sortable = info.indexed.flatMap((field) => [field, `-${field}`]);
  return [
    {
      name: "limit",
      in: "query",
      required: false,
      description: "Page size (default 50).",
      schema: { type: "integer", minimum: 1, maximum: 500, default: 50 },
    },
    {
      name: "cursor",
      in: "query",
      required: false,
      description: "Opaque cursor from next_cursor.",
      schema: { type: "string", maxLength: 2048 },
    },
    {
      name: "filter",
      in: "query",
      required: false,
      description: `JSON filter on ${info.indexed.join(", ") || "no fields"} with $eq $ne $gt $gte $lt $lte $in $nin $exists $and $or.`,
      schema: { type: "string", maxLength: 4096 },
    },
    {
      name: "sort",
      in: "query",
      required: false,
      description: "An indexed field; prefix - to sort descending.",
      schema:
        sortable.length > 0 ? { type: "string", enum: sortable } : { type: "string", maxLength: 0 },
    },
  ];
}

/** A request example from the first `examples` entry of each field (all, or one for a patch). */
function requestExample(own: Schema, only?: "one"): Record<string, unknown> {
  const properties = (own.properties ?? {}) as Record<string, { examples?: unknown[] }>;
  const entries = Object.entries(properties)
    .filter(([, field]) => Array.isArray(field.examples) && field.examples.length > 0)
    .map(([name, field]) => [name, field.examples?.[0]] as const);
  if (only === "one") {
    const optional = entries.filter(([name]) => !(own.required ?? []).includes(name));
    return Object.fromEntries((optional.length > 0 ? optional : entries).slice(0, 1));
  }
  return Object.fromEntries(entries);
}

function body(name: string, summary: string, value: Record<string, unknown>) {
  return {
    required: true,
    content: {
      "application/json": { schema: ref(name), examples: { [name]: { summary, value } } },
    },
  };
}

function collectionPath(info: EntityInfo, own: Schema) {
  const tags = [pascal(info.plural)];
  const indexed = info.indexed.map((field) => `\`${field}\``).join(", ") || "no fields";
  return {
    get: {
      operationId: `list${pascal(info.plural)}`,
      summary: `List ${info.plural}`,
      description: `Lists the tenant's live ${info.plural} one page at a time, by \`sort\` (default: \`id\`, which is creation order). \`filter\` and \`sort\` may name ${indexed}, so every list is served by an index.`,
      tags,
      security: read,
      parameters: listParams(info),
      responses: {
        200: { description: "A page.", content: json(ref(`${info.type}List`)) },
        ...errorResponses([400, 401, 403, 429, 500, 503]),
      },
    },
    post: {
      operationId: `create${info.type}`,
      summary: `Create a ${info.type}`,
      description: `Creates a ${info.type} from its own fields; the server sets \`id\`, tenant, app, timestamps and \`version\` 1. Send an \`Idempotency-Key\` so a retried create cannot make a second ${info.type}.`,
      tags,
      security: write,
      parameters: [idempotencyKey],
      requestBody: body(`${info.type}Create`, `A new ${info.type}`, requestExample(own)),
      responses: {
        201: { description: "Created.", content: json(ref(info.type)) },
        ...errorResponses([400, 401, 403, 409, 413, 429, 500, 503]),
      },
    },
  };
}

function itemPath(info: EntityInfo, own: Schema) {
  const tags = [pascal(info.plural)];
  return {
    parameters: [idParam(info)],
    get: {
      operationId: `get${info.type}`,
      summary: `Get a ${info.type}`,
      description: `Returns one ${info.type} with its server-set fields. A deleted one, or one of another tenant, answers 404.`,
      tags,
      security: read,
      responses: {
        200: { description: "The entity.", content: json(ref(info.type)) },
        ...errorResponses([400, 401, 403, 404, 429, 500, 503]),
      },
    },
    patch: {
      operationId: `update${info.type}`,
      summary: `Update a ${info.type}`,
      description: `Changes only the fields sent (absent fields keep their value) and adds 1 to \`version\`. With \`If-Match: "<version>"\` a concurrent change answers 412 instead of being overwritten.`,
      tags,
      security: write,
      parameters: [ifMatch],
      requestBody: body(`${info.type}Update`, "Change one field", requestExample(own, "one")),
      responses: {
        200: { description: "The updated entity.", content: json(ref(info.type)) },
        ...errorResponses([400, 401, 403, 404, 412, 413, 429, 500, 503]),
      },
    },
    delete: {
      operationId: `delete${info.type}`,
      summary: `Soft-delete a ${info.type}`,
      description: `Marks the ${info.type} deleted: it leaves get and list but is kept, so the deletion can be audited and undone by an operator. With \`If-Match\` a concurrent change answers 412.`,
      tags,
      security: write,
      parameters: [ifMatch],
      responses: {
        204: { description: "Deleted (soft)." },
        ...errorResponses([400, 401, 403, 404, 412, 429, 500, 503]),
      },
    },
  };
}

/**
 * Expands every schema marked `x-cpod-entity` into schemas and five operations under
 * `/v1/entities/{plural}`, so adding an entity type is one schema edit plus `npm run generate`.
 */
export function expandEntities(doc: OpenApiDoc): EntityInfo[] {
  const schemas = (doc.components.schemas ?? {}) as Record<string, Schema>;
  const marked = Object.entries(schemas).filter(([, schema]) => schema["x-cpod-entity"]);
  const infos: EntityInfo[] = [];
  for (const [type, own] of marked) {
    const info: EntityInfo = {
      type,
      ...readMarker(type, own),
      fields: Object.keys(own.properties ?? {}),
    };
    addSchemas(doc, type, own, info);
    doc.paths[`/v1/entities/${info.plural}`] = collectionPath(info, own);
    doc.paths[`/v1/entities/${info.plural}/{id}`] = itemPath(info, own);
    infos.push(info);
  }
  declareTags(doc, marked);
  return infos.sort((a, b) => a.plural.localeCompare(b.plural));
}

/**
 * Replaces the root's `Entities` tag with one declared tag per entity type, in the same place,
 * so the generated operations sit under declared tags in the document's order (Swagger UI and
 * client generators group by tag).
 */
function declareTags(doc: OpenApiDoc, marked: [string, Schema][]): void {
  const tags = (doc.tags ?? []) as { name: string; description?: string }[];
  const at = tags.findIndex((tag) => tag.name === ENTITIES_TAG);
  if (marked.length === 0) return;
  if (at < 0) throw new Error(`openapi: entity types need a \`${ENTITIES_TAG}\` tag to replace`);
  const perType = marked.map(([type, own]) => ({
    name: pascal(readMarker(type, own).plural),
    description: `EDM entities: ${String(own.description ?? `${type} records.`)}`,
  }));
  tags.splice(at, 1, ...perType);
  doc.tags = tags;
}

/**
 * `EntityBase` is the generator's input (the server-set fields merged into every entity
 * schema), not a type of the API: the published document leaves it out, the route table's
 * schema document keeps it.
 */
export function publishedDocument(doc: OpenApiDoc): OpenApiDoc {
  const { EntityBase: _base, ...schemas } = doc.components.schemas ?? {};
  return { ...doc, components: { ...doc.components, schemas } };
}
