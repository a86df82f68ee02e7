import { createHmac, timingSafeEqual } from "node:crypto";
import { ApiError } from "../../shared/errors/api-error.js";

const MAC_BYTES = 16;

/**
 * Opaque list cursors (the contract's `Cursor`): a position signed with HMAC-SHA256 and bound to
 * the query that produced it (e.g. `apps:ten_…`), so a tampered cursor, or one reused for
 * another query, is 400 `invalid_cursor` instead of silently skipping data.
 *
 * @example
 *   const cursor = cursors.encode("tenants", 42);
 *   cursors.decode("tenants", cursor); // 42
 */
export class CursorCodec {
  constructor(private readonly key: Uint8Array) {}

  encode(scope: string, position: number): string {
    const body = Buffer.alloc(8);
    body.writeBigUInt64BE(BigInt(position));
    return Buffer.concat([body, this.#mac(scope, body)]).toString("base64url");
  }

  /** The position, or 0 for no cursor. */
  decode(scope: string, cursor: string | undefined): number {
    if (cursor === undefined) return 0;
    const raw = Buffer.from(cursor, "base64url");
    const body = raw.subarray(0, 8);
    const mac = raw.subarray(8);
    if (raw.length !== 8 + MAC_BYTES || !timingSafeEqual(mac, this.#mac(scope, body))) {
      throw new ApiError("invalid_cursor", "The cursor is not valid for this query.");
    }
    return Number(body.readBigUInt64BE());
  }

  #mac(scope: string, body: Buffer): Buffer {
    return createHmac("sha256", this.key)
      .update(scope)
      .update("\0")
      .update(body)
      .digest()
      .subarray(0, MAC_BYTES);
  }
}
