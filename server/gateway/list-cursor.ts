import { SignedCursors } from "../../lib/signed-cursor.js";
import { invalidCursor } from "./entities/entity-cursors.js";

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

const readKey = (payload: unknown) => (typeof payload === "string" ? payload : undefined);

/**
 * Signed cursors for prefix listings (KV keys, file paths) on the one signed-cursor codec
 * (lib/signed-cursor.ts): the payload is the last key of the page, readable but tamper-proof,
 * so a client can neither skip into another namespace nor forge a position.
 *
 * @example
 *   const cursors = new ListCursors(key32);
 *   const next = cursors.encode(binding, "cart:42");
 *   cursors.decode(binding, next); // "cart:42", or ApiError("invalid_cursor")
 */
export class ListCursors extends SignedCursors<ListBinding, string> {
  /** `key`: at least 32 bytes, or a TypeError. */
  constructor(key: Uint8Array) {
    super(key, { purpose: "cpod.gateway.list", read: readKey, refuse: invalidCursor });
  }

  /** The last key of the previous page, `null` (first page) for no cursor. */
  after(binding: ListBinding, cursor: string | undefined): string | null {
    return cursor === undefined ? null : this.decode(binding, cursor);
  }

  /**
   * One listing page as the contract answers it: `cursor` is checked against `binding`, `list`
   * reads the page after its key, and the next cursor is signed for the same binding.
   */
  async page<T>(
    binding: ListBinding,
    cursor: string | undefined,
    list: (after: string | null) => Promise<{ items: T[]; next: string | null }>,
  ): Promise<{ items: T[]; next_cursor: string | null }> {
    const page = await list(this.after(binding, cursor));
    return {
      items: page.items,
      next_cursor: page.next === null ? null : this.encode(binding, page.next),
    };
  }
}
