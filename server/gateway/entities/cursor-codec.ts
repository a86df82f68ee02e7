import { createHash, createHmac, timingSafeEqual } from "node:crypto";
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

const MAC_BYTES = 32;
const FORMAT = 1;
/** Longest cursor accepted (the contract allows 2048 characters). */
const MAX_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const invalid = (detail = "The cursor is malformed, tampered with, or from another query.") =>
  new ApiError("invalid_cursor", detail);

function isPosition(value: unknown): value is [number, Position["value"], string] {
  if (!Array.isArray(value) || value.length !== 3 || value[0] !== FORMAT) return false;
  const [, v, id] = value;
  const scalar = v === null || ["string", "number", "boolean"].includes(typeof v);
  return scalar && typeof id === "string" && id.length <= 64;
}

/**
 * Encodes keyset positions as opaque, tamper-proof cursors: base64url of
 * `HMAC-SHA256(key, binding ‖ payload) ‖ payload`, where the payload is `[1, value, id]`.
 * The key must be stable and shared by every gateway replica, or cursors stop working across
 * restarts and load balancing. The last entity's sort value and id are readable by whoever
 * holds the cursor; that is the caller, who just received that entity.
 *
 * @example
 *   const codec = new CursorCodec(key32);
 *   const cursor = codec.encode(binding, { value: "ada@example.org", id: "per_01J…" });
 *   codec.decode(binding, cursor); // the same position, or ApiError("invalid_cursor")
 */
export class CursorCodec {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (!(key instanceof Uint8Array) || key.length < 32) {
      throw new TypeError("CursorCodec: the key must be at least 32 bytes");
    }
    this.#key = Buffer.from(key);
  }

  /** A cursor that resumes after `position`, valid only for `binding`. */
  encode(binding: CursorBinding, position: Position): string {
    const payload = Buffer.from(JSON.stringify([FORMAT, position.value, position.id]), "utf8");
    return Buffer.concat([this.#mac(binding, payload), payload]).toString("base64url");
  }

  /** The position in `cursor`, or `invalid_cursor` when it was not made for `binding`. */
  decode(binding: CursorBinding, cursor: string): Position {
    if (typeof cursor !== "string" || cursor.length > MAX_LENGTH || !BASE64URL.test(cursor)) {
      throw invalid();
    }
    const raw = Buffer.from(cursor, "base64url");
    // Node ignores stray trailing bits; demand the canonical form so every edit is visible.
    if (raw.length <= MAC_BYTES || raw.toString("base64url") !== cursor) throw invalid();
    const payload = raw.subarray(MAC_BYTES);
    if (!timingSafeEqual(raw.subarray(0, MAC_BYTES), this.#mac(binding, payload))) {
      throw invalid();
    }
    let value: unknown;
    try {
      value = JSON.parse(payload.toString("utf8"));
    } catch {
      throw invalid();
    }
    if (!isPosition(value)) throw invalid();
    return { value: value[1], id: value[2] };
  }

  #mac(binding: CursorBinding, payload: Buffer): Buffer {
    const filter = createHash("sha256").update(binding.filter).digest("hex");
    const { tenantId, type, sort } = binding;
    const bound = JSON.stringify(["cpod.entities.cursor", tenantId, type, sort, filter]);
    return createHmac("sha256", this.#key).update(`${bound}\n`).update(payload).digest();
  }
}
