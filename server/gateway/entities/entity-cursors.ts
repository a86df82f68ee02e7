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

/** The payload on the wire: `[sort value, id]`. */
type Wire = [Position["value"], string];

function readWire(payload: unknown): Wire | undefined {
  if (!Array.isArray(payload) || payload.length !== 2) return undefined;
  const [value, id] = payload as unknown[];
  const scalar = value === null || ["string", "number", "boolean"].includes(typeof value);
  return scalar && typeof id === "string" && id.length <= MAX_ID ? (payload as Wire) : undefined;
}

/**
 * Keyset positions as opaque, tamper-proof cursors on the one signed-cursor codec
 * (lib/signed-cursor.ts), payload `[value, id]`. The key must be stable and shared by every
 * gateway replica, or cursors stop working across restarts and load balancing. The last
 * entity's sort value and id are readable by whoever holds the cursor; that is the caller, who
 * just received that entity.
 *
 * @example
 *   const cursors = new EntityCursors(key32);
 *   const cursor = cursors.encode(binding, { value: "ada@example.org", id: "per_01J…" });
 *   cursors.decode(binding, cursor); // the same position, or ApiError("invalid_cursor")
 */
export class EntityCursors {
  readonly #codec: SignedCursors<CursorBinding, Wire>;

  /** `key`: at least 32 bytes, or a TypeError. */
  constructor(key: Uint8Array) {
    const kind = { purpose: "cpod.entities", read: readWire, refuse: invalidCursor };
    this.#codec = new SignedCursors(key, kind);
  }

  /** A cursor that resumes after `position`, valid only for `binding`. */
  encode(binding: CursorBinding, position: Position): string {
    return this.#codec.encode(binding, [position.value, position.id]);
  }

  /** The position in `cursor`, or `invalid_cursor` when it was not made for `binding`. */
  decode(binding: CursorBinding, cursor: string): Position {
    const [value, id] = this.#codec.decode(binding, cursor);
    return { value, id };
  }
}
