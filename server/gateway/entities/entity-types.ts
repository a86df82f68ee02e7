import { gatewaySchemaDocument } from "../../../gen/routes/gateway.js";
import type { EntityInfo } from "../../../gen/routes/types.js";

/**
 * How a field's values compare. Filters and sorts are typed by the schema so both stores apply
 * the same rules (a string field compares bytewise, a number field numerically) and a filter
 * value of the wrong type is a 400 instead of a silent empty page.
 */
export type FieldKind = "string" | "number" | "boolean" | "other";

/** A field a filter or sort may name: the type's indexed fields plus three base fields. */
export interface QueryField {
  name: string;
  kind: Exclude<FieldKind, "other">;
  /** A base field (stored beside the entity's own fields, e.g. a column in SQL). */
  base: boolean;
}

/**
 * One entity type as the service and the stores see it, derived from the contract only, so a
 * new type needs an `openapi/` edit and `npm run generate` and nothing here.
 */
export interface EntityType {
  /** Schema name, e.g. `Person`; also the SQL `type` column and part of cursor bindings. */
  name: string;
  plural: string;
  idPrefix: string;
  /** The entity's own fields in declaration order (base fields excluded). */
  fields: readonly string[];
  /** Own fields a create must carry (the schema's `required`). */
  required: readonly string[];
  /** Fields a filter or sort may name, by name. */
  queryable: ReadonlyMap<string, QueryField>;
  /** The type's own indexed fields; each gets a store index. */
  indexed: readonly QueryField[];
  kinds: ReadonlyMap<string, FieldKind>;
}

/**
 * Base fields every entity carries, set by the server; clients never write them. Read from the
 * contract's `EntityBase` schema (openapi/components/entities/_base.yaml), not copied.
 */
export const BASE_FIELDS: readonly string[] = Object.keys(
  gatewaySchemaDocument.components.schemas.EntityBase.properties,
);

/**
 * Base fields a filter or sort may name besides the indexed ones. Every store indexes them, and
 * ISO-8601 UTC timestamps with a fixed millisecond width sort chronologically as strings.
 */
const QUERYABLE_BASE: readonly QueryField[] = [
  { name: "id", kind: "string", base: true },
  { name: "created_at", kind: "string", base: true },
  { name: "updated_at", kind: "string", base: true },
];

/** Names inlined into SQL DDL and index names must be plain identifiers; the contract's are. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

/** `components.schemas` of a contract; read loosely, since only `properties.*.type` matters. */
type SchemaMap = Readonly<Record<string, unknown>>;

interface ObjectSchema {
  properties?: Record<string, { type?: unknown }>;
  required?: unknown;
}

function kindOf(schema: { type?: unknown } | undefined): FieldKind {
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  if (type === "string") return "string";
  if (type === "integer" || type === "number") return "number";
  if (type === "boolean") return "boolean";
  return "other";
}

function queryField(type: string, name: string, kind: FieldKind): QueryField {
  if (kind === "other") {
    throw new TypeError(`${type}.${name}: only string, number and boolean fields can be indexed`);
  }
  return { name, kind, base: false };
}

/**
 * Builds one {@link EntityType} from the generated `EntityInfo` and the component schemas
 * (`gatewaySchemaDocument.components.schemas`), which give each field's JSON type. Throws
 * `TypeError` on a contract the stores cannot serve safely (odd names, indexed arrays).
 *
 * @example
 *   const person = entityType(gatewayEntities[1], gatewaySchemaDocument.components.schemas);
 */
export function entityType(info: EntityInfo, schemas: SchemaMap): EntityType {
  const schema = (schemas[info.type] ?? {}) as ObjectSchema;
  const props = schema.properties ?? {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const name of [info.type, ...info.fields]) {
    if (!IDENTIFIER.test(name)) throw new TypeError(`entity ${info.type}: bad name ${name}`);
  }
  const clash = info.fields.filter((f) => BASE_FIELDS.includes(f));
  if (clash.length > 0) throw new TypeError(`${info.type}: fields shadow base fields: ${clash}`);
  const kinds = new Map(info.fields.map((f) => [f, kindOf(props[f])] as const));
  const indexed = info.indexed.map((f) => queryField(info.type, f, kinds.get(f) ?? "other"));
  const queryable = new Map([...QUERYABLE_BASE, ...indexed].map((f) => [f.name, f] as const));
  return {
    name: info.type,
    plural: info.plural,
    idPrefix: info.id_prefix,
    fields: [...info.fields],
    required: info.fields.filter((f) => required.includes(f)),
    queryable,
    indexed,
    kinds,
  };
}

/**
 * Every entity type of a contract, by schema name.
 *
 * @example
 *   const types = entityTypes(gatewayEntities, gatewaySchemaDocument.components.schemas);
 *   types.get("Person")?.plural; // "people"
 */
export function entityTypes(
  infos: readonly EntityInfo[],
  schemas: SchemaMap,
): ReadonlyMap<string, EntityType> {
  return new Map(infos.map((info) => [info.type, entityType(info, schemas)] as const));
}
