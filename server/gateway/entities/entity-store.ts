import type { EntityType } from "./entity-types.js";
import type { FilterNode } from "./filter-ast.js";

/** The base fields of every stored entity, in the API's snake_case so handlers return as-is. */
export interface EntityBase {
  id: string;
  tenant_id: string;
  app_id: string;
  /** ISO-8601 UTC with milliseconds (`toISOString()`), so it sorts chronologically as text. */
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string;
  version: number;
  is_deleted: boolean;
  deleted_at: string | null;
}

/** A stored entity: base fields plus the type's own fields (only those that are set). */
export type EntityRecord = EntityBase & { [field: string]: unknown };

/** What `create` writes. The tenant is a separate argument: it never comes from the document. */
export interface NewEntity {
  id: string;
  app_id: string;
  at: string;
  by: string;
  /** The type's own fields; stores copy only names in `type.fields`. */
  fields: Record<string, unknown>;
}

/** Who changes an entity, when, and (optionally) which version they last read. */
export interface WriteStamp {
  at: string;
  by: string;
  /** When set, the write happens only at this version; otherwise `precondition_failed`. */
  expectedVersion?: number;
}

/** A merge-patch of own fields (`type.fields` only) plus its write stamp. */
export interface EntityChange extends WriteStamp {
  set: Record<string, unknown>;
}

/** One sort key; `id` in the same direction is always the tie-breaker. */
export interface SortKey {
  field: string;
  direction: "asc" | "desc";
}

/**
 * A validated query. `filter` is an AST from `parseFilter` (and, for a later page, the keyset
 * predicate of `afterPosition`), never user JSON, so an adapter only translates trusted nodes.
 */
export interface StoreQuery {
  filter: FilterNode;
  sort: SortKey;
  /** Rows to return; the service asks for one more than the page size to detect a next page. */
  limit: number;
}

/**
 * The EDM store port. Every call is scoped by `tenant` (from the verified token, never from a
 * document), and another tenant's id behaves exactly like a missing one. Soft-deleted entities
 * are invisible to get, list, update and delete. Failures are `ApiError`s: `not_found`,
 * `precondition_failed` (stale `expectedVersion`, HTTP 412) and `conflict` (duplicate id). Ids
 * are server-minted and unique per type across all tenants (MongoDB's `_id` per collection).
 *
 * Adapters: `MongoEntityStore` (production) and `SqlEntityStore` (PostgreSQL JSONB; the
 * embedded default). `test/conformance/entity-store.test.ts` holds them to the same behaviour.
 *
 * @example
 *   const made = await store.create(tenant, person, { id, app_id, at, by, fields });
 *   await store.update(tenant, person, made.id, { set: { email }, at, by, expectedVersion: 1 });
 */
export interface EntityStore {
  /** Inserts at version 1. */
  create(tenant: string, type: EntityType, entity: NewEntity): Promise<EntityRecord>;
  /** The live entity, or `not_found`. */
  get(tenant: string, type: EntityType, id: string): Promise<EntityRecord>;
  /** Merges `change.set`, bumps `version` by one and answers the new state. */
  update(tenant: string, type: EntityType, id: string, change: EntityChange): Promise<EntityRecord>;
  /** Marks the entity deleted (kept for audit), bumping `version`. */
  softDelete(tenant: string, type: EntityType, id: string, stamp: WriteStamp): Promise<void>;
  /** Live entities matching `query.filter`, in `query.sort` order then `id`. */
  list(tenant: string, type: EntityType, query: StoreQuery): Promise<EntityRecord[]>;
}
