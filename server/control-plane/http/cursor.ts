import { readPosition, SignedCursors } from "../../../lib/signed-cursor.js";
import { ApiError } from "../../shared/errors/api-error.js";

/** The query a cursor belongs to, e.g. `tenants` or `apps:ten_…`. */
interface QueryBinding {
  query: string;
}

const refuse = (error: Error) =>
  new ApiError("invalid_cursor", "The cursor is not valid for this query.", { cause: error });

/**
 * Opaque admin list cursors (the contract's `Cursor`) on the one signed-cursor codec
 * (lib/signed-cursor.ts): a list position bound to the query that produced it, so a tampered
 * cursor, or one reused for another query, is 400 `invalid_cursor` instead of silently
 * skipping data.
 *
 * @example
 *   const cursor = cursors.encode("tenants", 42);
 *   cursors.decode("tenants", cursor); // 42
 */
export class AdminCursors {
  readonly #codec: SignedCursors<QueryBinding, number>;

  /** `key`: at least 32 bytes, or a TypeError. */
  constructor(key: Uint8Array) {
    const kind = { purpose: "cpod.control-plane.list", read: readPosition, refuse };
    this.#codec = new SignedCursors(key, kind);
  }

  /** A cursor that resumes at `position`, valid only for `query`. */
  encode(query: string, position: number): string {
    return this.#codec.encode({ query }, position);
  }

  /** The position, or 0 for no cursor. */
  decode(query: string, cursor: string | undefined): number {
    return cursor === undefined ? 0 : this.#codec.decode({ query }, cursor);
  }
}
