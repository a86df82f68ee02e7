import { ApiError } from "../shared/errors/api-error.js";
import { CursorCodec } from "./entities/cursor-codec.js";

/**
 * What a key-listing cursor is bound to: the area (`kv`, `files`), the caller's full storage
 * prefix (tenant, tier and owner) and the listed prefix. A cursor from another tenant, tier,
 * app, user or prefix fails its MAC and answers 400 `invalid_cursor`.
 */
export interface ListBinding {
  area: "kv" | "files";
  tenantId: string;
  scopePrefix: string;
  prefix: string;
}

/**
 * Signed cursors for prefix listings (KV keys, file paths), on the same HMAC codec as entity
 * cursors: the position is the last key of the page, readable but tamper-proof, so a client can
 * neither skip into another namespace nor forge a position.
 *
 * @example
 *   const cursors = new ListCursors(key32);
 *   const next = cursors.encode(binding, "cart:42");
 *   cursors.decode(binding, next); // "cart:42", or ApiError("invalid_cursor")
 */
export class ListCursors {
  readonly #codec: CursorCodec;

  constructor(key: Uint8Array) {
    this.#codec = new CursorCodec(key);
  }

  encode(binding: ListBinding, lastKey: string): string {
    return this.#codec.encode(this.#bind(binding), { value: lastKey, id: "" });
  }

  /** The last key of the previous page; `invalid_cursor` for anything not issued for `binding`. */
  decode(binding: ListBinding, cursor: string): string {
    const position = this.#codec.decode(this.#bind(binding), cursor);
    if (typeof position.value !== "string")
      throw new ApiError("invalid_cursor", "The cursor is not a listing position.");
    return position.value;
  }

  /** `undefined` cursor → `null` (first page). */
  after(binding: ListBinding, cursor: string | undefined): string | null {
    return cursor === undefined ? null : this.decode(binding, cursor);
  }

  #bind(b: ListBinding) {
    return { tenantId: b.tenantId, type: `list.${b.area}`, sort: b.scopePrefix, filter: b.prefix };
  }
}
