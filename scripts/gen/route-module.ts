import { readFile } from "node:fs/promises";
import { GENERATED_HEADER } from "./files.js";
import type { OpenApiDoc } from "./openapi-bundle.js";
import { toFastifySchema } from "./route-specs.js";
import type { EntityInfo, RouteSpec } from "./templates/route-types.js";

const TEMPLATE = new URL("./templates/route-types.ts", import.meta.url);

/** `gen/routes/types.ts`: the template, verbatim, under the generated header. */
export async function routeTypesModule(): Promise<string> {
  return `${GENERATED_HEADER}\n${await readFile(TEMPLATE, "utf8")}`;
}

const literal = (value: unknown) => JSON.stringify(value, null, 2);

/** What an entity route does, read off its method and whether its path ends in `{id}`. */
function useCase(route: RouteSpec): string {
  const byId = route.path.endsWith("{id}");
  if (route.method === "GET") return byId ? "get" : "list";
  const cases: Record<string, string> = { POST: "create", PATCH: "update", DELETE: "delete" };
  const found = cases[route.method];
  if (!found) throw new Error(`entity route ${route.operationId}: unexpected ${route.method}`);
  return found;
}

/**
 * The entity routes' operationIds per type and use case (`{ Person: { list: "listPeople", … } }`)
 * and their union: the gateway builds its entity handlers from these, so its handler table is
 * checked for completeness by the compiler even though the types come from the contract.
 */
function entityOperationLines(name: string, Name: string, routes: RouteSpec[]): string[] {
  const entityRoutes = routes.filter((r) => r.entity !== undefined);
  if (entityRoutes.length === 0) return [];
  const byType: Record<string, Record<string, string>> = {};
  for (const route of entityRoutes) {
    const type = route.entity ?? "";
    byType[type] = { ...byType[type], [useCase(route)]: route.operationId };
  }
  const sorted = Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b)));
  const ids = entityRoutes.map((r) => JSON.stringify(r.operationId)).join(" | ");
  return [
    `/** Each entity type's operationIds, by use case (list, create, get, update, delete). */`,
    `export const ${name}EntityOperations = ${literal(sorted)} as const;`,
    "",
    `/** The entity types of the ${name} spec. */`,
    `export type ${Name}EntityType = keyof typeof ${name}EntityOperations;`,
    "",
    `/** The operationIds of the generated entity routes. */`,
    `export type ${Name}EntityOperationId = ${ids};`,
    "",
  ];
}

/**
 * One program's route module: the shared schema document (for fastify `addSchema`), the route
 * table, and a handler interface in which a missing operation is a type error.
 */
export function routeModule(opts: {
  name: string;
  doc: OpenApiDoc;
  schemaId: string;
  routes: RouteSpec[];
  entities: EntityInfo[];
}): string {
  const { name, doc, schemaId, routes, entities } = opts;
  const Name = name.charAt(0).toUpperCase() + name.slice(1);
  const schemaDoc = {
    $id: schemaId,
    components: { schemas: toFastifySchema(doc.components.schemas ?? {}, schemaId) },
  };
  const ids = routes.map((r) => r.operationId);
  const handlerLines = ids.map((id) => `  ${id}: Handler<operations[${JSON.stringify(id)}], Ctx>;`);
  return [
    GENERATED_HEADER,
    `import type { operations } from "../openapi/${name}.js";`,
    `import type { EntityInfo, Handler, RouteSpec } from "./types.js";`,
    "",
    `/** Schemas the routes \`$ref\`; register once with fastify's \`addSchema\`. */`,
    `export const ${name}SchemaDocument = ${literal(schemaDoc)};`,
    "",
    `/** Every operation of the ${name} spec, sorted by operationId. */`,
    `export const ${name}Routes: readonly RouteSpec[] = ${literal(routes)};`,
    "",
    `/** Entity types expanded from \`x-cpod-entity\` schemas. */`,
    `export const ${name}Entities: readonly EntityInfo[] = ${literal(entities)};`,
    "",
    ...entityOperationLines(name, Name, routes),
    `/** The operationIds of the ${name} spec. */`,
    `export type ${Name}OperationId = ${ids.map((id) => JSON.stringify(id)).join(" | ") || "never"};`,
    "",
    `/** One handler per operation; leaving one out does not compile. */`,
    `export interface ${Name}Handlers<Ctx> {`,
    ...handlerLines,
    "}",
    "",
  ].join("\n");
}
