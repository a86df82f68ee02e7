import type { EntityInfo } from "./entities.js";
import { GENERATED_HEADER } from "./files.js";
import type { OpenApiDoc } from "./openapi-bundle.js";

type Schemas = Record<string, { properties?: Record<string, { default?: unknown }> }>;

/**
 * Fields of `<Type>Create` that have a `default`. openapi-typescript marks them required (its
 * `defaultNonNullable`, right for responses), but a caller may leave them out of a request.
 */
function defaulted(doc: OpenApiDoc, type: string): string[] {
  const schema = (doc.components.schemas as Schemas | undefined)?.[`${type}Create`];
  return Object.entries(schema?.properties ?? {})
    .filter(([, property]) => property.default !== undefined)
    .map(([name]) => name);
}

const union = (names: string[]) => names.map((name) => JSON.stringify(name)).join(" | ") || "never";

/** `technology-assets` → `technologyAssets`: the SDK namespace of an entity plural. */
export function camel(plural: string): string {
  return plural.replace(/-([a-z0-9])/g, (_match, next: string) => next.toUpperCase());
}

/** `people` → `People`: the suffix openapi-typescript's operation names carry. */
function pascal(plural: string): string {
  const name = camel(plural);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function typeEntry(doc: OpenApiDoc, info: EntityInfo): string {
  const list = `operations["list${pascal(info.plural)}"]`;
  const create = `components["schemas"]["${info.type}Create"]`;
  const optional = union(defaulted(doc, info.type));
  return [
    `  ${camel(info.plural)}: {`,
    `    entity: components["schemas"]["${info.type}"];`,
    optional === "never"
      ? `    create: ${create};`
      : `    create: Omit<${create}, ${optional}> & Partial<Pick<${create}, ${optional}>>;`,
    `    update: components["schemas"]["${info.type}Update"];`,
    `    indexed: ${union(info.indexed)};`,
    `    sort: NonNullable<NonNullable<${list}["parameters"]["query"]>["sort"]>;`,
    "  };",
  ].join("\n");
}

function tableEntry(info: EntityInfo): string {
  const row = { plural: info.plural, type: info.type, idPrefix: info.id_prefix };
  return `  ${camel(info.plural)}: ${JSON.stringify(row)},`;
}

/**
 * `gen/sdk/entities.ts`: the SDK's view of the `x-cpod-entity` schemas — one namespace per
 * entity (`client.entities.people`), its URL segment and its types. Kept apart from
 * `gen/routes/` because that module carries the servers' JSON Schemas, which the published
 * SDK must not ship.
 */
export function sdkEntitiesModule(doc: OpenApiDoc, entities: readonly EntityInfo[]): string {
  return [
    GENERATED_HEADER,
    'import type { components, operations } from "../openapi/gateway.js";',
    "",
    "/**",
    " * Per entity namespace: the entity, its create body (fields with a server-side default are",
    " * optional) and update body, and its filterable (indexed) and sortable fields.",
    " */",
    "export interface EntityTypes {",
    ...entities.map((info) => typeEntry(doc, info)),
    "}",
    "",
    "/** Per entity namespace: the URL segment under `/v1/entities/`, the schema name and id prefix. */",
    "export const ENTITY_NAMESPACES = {",
    ...entities.map(tableEntry),
    "} as const satisfies Record<keyof EntityTypes, { plural: string; type: string; idPrefix: string }>;",
    "",
    "/** The name of one entity namespace, e.g. `people` or `technologyAssets`. */",
    "export type EntityNamespace = keyof EntityTypes;",
    "",
  ].join("\n");
}
