import {
  addSchemas,
  type EntityInfo,
  errorResponses,
  pascal,
  readMarker,
  ref,
} from "./entities.js";
import type { OpenApiDoc } from "./openapi-bundle.js";

const json = (schema: unknown) => ({ "application/json": { schema } });
const read = [{ oauth2: ["entities.read"] }];
const write = [{ oauth2: ["entities.write"] }];

const idParam = (info: EntityInfo) => ({
  name: "id",
  in: "path",
  required: true,
  description: `The ${info.type} id (\`${info.id_prefix}_\` + ULID).`,
  schema: {
    type: "string",
    maxLength: info.id_prefix.length + 27,
    pattern: `^${info.id_prefix}_[0-9A-HJKMNP-TV-Z]{26}$`,
  },
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

function collectionPath(info: EntityInfo) {
  const tags = [pascal(info.plural)];
  return {
    get: {
      operationId: `list${pascal(info.plural)}`,
      summary: `List ${info.plural}`,
      tags,
      security: read,
      parameters: listParams(info),
      responses: {
        200: { description: "A page.", content: json(ref(`${info.type}List`)) },
        ...errorResponses([400, 401, 403, 429]),
      },
    },
    post: {
      operationId: `create${info.type}`,
      summary: `Create a ${info.type}`,
      tags,
      security: write,
      parameters: [idempotencyKey],
      requestBody: { required: true, content: json(ref(`${info.type}Create`)) },
      responses: {
        201: { description: "Created.", content: json(ref(info.type)) },
        ...errorResponses([400, 401, 403, 409, 413, 429]),
      },
    },
  };
}

function itemPath(info: EntityInfo) {
  const tags = [pascal(info.plural)];
  return {
    parameters: [idParam(info)],
    get: {
      operationId: `get${info.type}`,
      summary: `Get a ${info.type}`,
      tags,
      security: read,
      responses: {
        200: { description: "The entity.", content: json(ref(info.type)) },
        ...errorResponses([400, 401, 403, 404, 429]),
      },
    },
    patch: {
      operationId: `update${info.type}`,
      summary: `Update a ${info.type}`,
      tags,
      security: write,
      parameters: [ifMatch],
      requestBody: { required: true, content: json(ref(`${info.type}Update`)) },
      responses: {
        200: { description: "The updated entity.", content: json(ref(info.type)) },
        ...errorResponses([400, 401, 403, 404, 412, 413, 429]),
      },
    },
    delete: {
      operationId: `delete${info.type}`,
      summary: `Soft-delete a ${info.type}`,
      tags,
      security: write,
      parameters: [ifMatch],
      responses: {
        204: { description: "Deleted (soft)." },
        ...errorResponses([400, 401, 403, 404, 412, 429]),
      },
    },
  };
}

/**
 * Expands every schema marked `x-cpod-entity` into schemas and five operations under
 * `/v1/entities/{plural}`, so adding an entity type is one schema edit plus `npm run generate`.
 */
export function expandEntities(doc: OpenApiDoc): EntityInfo[] {
  const schemas = (doc.components.schemas ?? {}) as Record<string, Record<string, unknown>>;
  const marked = Object.entries(schemas).filter(([, schema]) => schema["x-cpod-entity"]);
  const infos: EntityInfo[] = [];
  for (const [type, own] of marked) {
    const info: EntityInfo = {
      type,
      ...readMarker(type, own),
      fields: Object.keys(own.properties ?? {}),
    };
    addSchemas(doc, type, own, info);
    doc.paths[`/v1/entities/${info.plural}`] = collectionPath(info);
    doc.paths[`/v1/entities/${info.plural}/{id}`] = itemPath(info);
    infos.push(info);
  }
  return infos.sort((a, b) => a.plural.localeCompare(b.plural));
}
