import { createHash } from "node:crypto";
import {
  applyDerivedSchema,
  applyMigrations,
  type SchemaComponent,
  type SqlClient,
} from "../../../../lib/sql/index.js";
import type { EntityType, QueryField } from "../entity-types.js";
import { fieldExpr, identLiteral } from "./sql-filter.js";

/**
 * One table for every entity type and tenant. Base fields are columns (the ones every query
 * filters on: tenant, type, id, is_deleted, version); the type's own fields are one JSONB
 * document. Timestamps are ISO-8601 UTC text in the "C" collation, like `id`: they compare and
 * sort exactly as in the MongoDB adapter (bytewise), so one conformance suite holds for both.
 */
const TABLE = `
CREATE TABLE IF NOT EXISTS entities (
  tenant_id  text NOT NULL,
  type       text NOT NULL,
  id         text COLLATE "C" NOT NULL,
  app_id     text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  created_by text NOT NULL,
  updated_by text NOT NULL,
  version    integer NOT NULL,
  is_deleted boolean NOT NULL DEFAULT false,
  deleted_at text,
  doc        jsonb NOT NULL,
  PRIMARY KEY (type, id)
)`;

/**
 * Base-field sorts (and the default `id` order) serve every type from three indexes. The
 * primary key is `(type, id)`: ids are server-minted ULIDs, unique per type across tenants,
 * exactly as MongoDB's `_id` is unique per collection, so both adapters agree on duplicates.
 */
const BASE_INDEXES = ["id", "created_at", "updated_at"].map(
  (col) =>
    `CREATE INDEX IF NOT EXISTS entities_live_${col} ON entities (tenant_id, type, ${col}${col === "id" ? "" : ", id"}) WHERE NOT is_deleted`,
);

/** The lock gateways have always migrated entities under, kept for rolling upgrades. */
const LOCK_KEY = "cpod.gateway.entities.schema";

/**
 * The table and its base indexes: the same for every contract, so numbered versions. Version 1
 * is written `IF NOT EXISTS` on purpose: gateways before versioned schemas created exactly these
 * without a history row, so on their databases version 1 only records what is there.
 */
export const ENTITY_SCHEMA: SchemaComponent = {
  component: "gateway.entities",
  lockKey: LOCK_KEY,
  migrations: [
    { version: 1, name: "entities table, base indexes", statements: [TABLE, ...BASE_INDEXES] },
  ],
};

/**
 * An index name that is readable, under PostgreSQL's 63 bytes, and unique per (type, field,
 * kind): a kind change in the contract makes a new index rather than reusing a wrong one.
 */
function indexName(type: EntityType, field: QueryField): string {
  const hash = createHash("sha256").update(`${type.name}.${field.name}.${field.kind}`);
  const readable = `entities_${type.name.toLowerCase()}_${field.name}`.slice(0, 48);
  return `${readable}_${hash.digest("hex").slice(0, 8)}`;
}

/**
 * A partial expression index per indexed field of a type, with the expression `fieldExpr`
 * emits and missing values first (MongoDB's ascending order), so a filtered, sorted page is a
 * range scan in either direction.
 */
export function typeIndexes(type: EntityType): string[] {
  return type.indexed.map(
    (field) =>
      `CREATE INDEX IF NOT EXISTS ${indexName(type, field)} ON entities ` +
      `(tenant_id, ${fieldExpr(field)} NULLS FIRST, id) ` +
      `WHERE type = ${identLiteral(type.name)} AND NOT is_deleted`,
  );
}

/**
 * Creates the table (versioned, {@link ENTITY_SCHEMA}) and the indexes of `types`. The per-type
 * indexes follow the generated entity types, so they are a derived schema (see
 * `applyDerivedSchema`): each new shape of the contract is recorded as the next version of
 * `gateway.entity-indexes`, and a new type's indexes appear on the next start. Both steps run
 * under the same advisory lock, so replicas starting together never race on DDL.
 */
export async function migrateEntities(sql: SqlClient, types: Iterable<EntityType>): Promise<void> {
  await applyMigrations(sql, ENTITY_SCHEMA);
  await applyDerivedSchema(sql, {
    component: "gateway.entity-indexes",
    name: "per-type indexes of the entity types",
    lockKey: LOCK_KEY,
    // Sorted and deduplicated: the shape depends on the set of types, not on their order.
    statements: [...new Set([...types].flatMap(typeIndexes))].sort(),
  });
}
