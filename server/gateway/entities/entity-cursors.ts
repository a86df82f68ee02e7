import { type SignedCursorError, SignedCursors } from "../../../lib/signed-cursor.js";
import { ApiError } from "../../shared/errors/api-error.js";
import type { Position } from "./keyset.js";

/**
 * What a cursor is valid for. It is not stored in the cursor but mixed into its MAC, so a
 * cursor replayed by another tenant, on another type, or with another sort or filter fails the
 * check and answers `invalid_cursor` instead of paging into data the query would not reach.
 */
export interface CursorBinding {
  tenantId: string;
  type: string;
  /** `sortKeyText(sort)`, e.g. `-email`. */
  sort: string;
  /** `filterKey(filter)` of the parsed filter. */
  filter: string;
}

/** The gateway's answer to a cursor it did not issue for the query: 400 `invalid_cursor`. */
export function invalidCursor(error: SignedCursorError): ApiError {
  const detail = "The cursor is malformed, tampered with, or from another query.";
  return new ApiError("invalid_cursor", detail, { cause: error });
}

/** Longest entity id a cursor may carry. */
const MAX_ID = 64;

/** The `{ value, id }` payload of an entity cursor, or undefined. */
function readPosition(payload: unknown): Position | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const { value, id } = payload as Record<string, unknown>;
  const scalar = value === null || ["string", "number", "boolean"].includes(typeof value);
  if (!scalar || typeof id !== "string" || id.length > MAX_ID) return undefined;
  return { value: value as Position["value"], id };
}

/**
 * Keyset positions as opaque, tamper-proof cursors: the one signed-cursor codec
 * (lib/signed-cursor.ts) with the entity binding and a `{ value, id }` payload. The key must be
 * stable and shared by every gateway replica, or cursors stop working across restarts and load
 * balancing. The last entity's sort value and id are readable by whoever holds the cursor; that
 * is the caller, who just received that entity.
 *
 * @example
 *   const cursors = new EntityCursors(key32);
 *   const cursor = cursors.encode(binding, { value: "ada@example.org", id: "per_01J…" });
 *   cursors.decode(binding, cursor); // the same position, or ApiError("invalid_cursor")
 */
export class EntityCursors extends SignedCursors<CursorBinding, Position> {
  /** `key`: at least 32 bytes, or a TypeError. */
  constructor(key: Uint8Array) {
    super(key, { purpose: "cpod.entities", read: readPosition, refuse: invalidCursor });
  }
}
