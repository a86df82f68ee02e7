import { ApiError } from "../../shared/errors/api-error.js";
import type { EntityBase, EntityRecord } from "./entity-store.js";
import type { EntityType } from "./entity-types.js";

/**
 * The type's own fields present in `source`, in declaration order. Only declared names are
 * read (by iterating `type.fields`), so base fields, unknown keys and `__proto__` tricks in a
 * body can never reach a store: they are simply not copied.
 *
 * @example
 *   pickFields(person, { display_name: "Ada", version: 9, tenant_id: "ten_x" });
 *   // { display_name: "Ada" }
 */
export function pickFields(type: EntityType, source: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of type.fields) {
    const value = Object.hasOwn(source, field)
      ? (source as Record<string, unknown>)[field]
      : undefined;
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out;
}

/**
 * One entity as every adapter answers it: base fields in a fixed order, then the own fields
 * that are set. A single shape keeps the conformance suite's `toEqual` strict across stores.
 */
export function toRecord(type: EntityType, base: EntityBase, own: object): EntityRecord {
  const b: EntityBase = {
    id: base.id,
    tenant_id: base.tenant_id,
    app_id: base.app_id,
    created_at: base.created_at,
    updated_at: base.updated_at,
    created_by: base.created_by,
    updated_by: base.updated_by,
    version: Number(base.version),
    is_deleted: base.is_deleted,
    deleted_at: base.deleted_at ?? null,
  };
  return { ...b, ...pickFields(type, own) };
}

/** The answer for a missing, deleted or other tenant's entity: one message, so nothing leaks. */
export function notFound(type: EntityType): ApiError {
  return new ApiError("not_found", `No ${type.name} with that id.`);
}

/** A write whose `expectedVersion` is no longer current (HTTP 412). */
export function staleVersion(type: EntityType): ApiError {
  return new ApiError(
    "precondition_failed",
    `The ${type.name} changed since the version in If-Match; read it again and retry.`,
  );
}

/** A create whose id already exists (practically only a replayed id; ULIDs do not collide). */
export function duplicateId(type: EntityType, cause: unknown): ApiError {
  return new ApiError("conflict", `A ${type.name} with that id already exists.`, { cause });
}
