import { createHmac, timingSafeEqual } from "node:crypto";
import { canonicalJson } from "./canonical-json.js";

// One signed-cursor codec for every program (entity and key listings in the gateway, admin lists
// in the control plane, audit queries in the sidecar). Each program wraps it in a thin typed class
// that names its binding and payload and maps SignedCursorError to its own invalid_cursor error.

/** The wire format version: the first byte of every cursor, and part of its MAC. */
const VERSION = 1;
const MAC_BYTES = 32;
/** Shortest key accepted: an HMAC-SHA256 key should carry as much entropy as its output. */
const MIN_KEY_BYTES = 32;
/** Longest cursor accepted (the contracts allow 2048 characters). */
const MAX_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A value a cursor can be bound to: compared exactly, never stored in the cursor. */
export type BindingValue = string | number | boolean | null | undefined;

/** Why a cursor was refused; all mean "not a cursor this query issued". */
export type SignedCursorFailure = "malformed" | "version" | "signature" | "payload";

/**
 * A cursor that is garbage, tampered with, from another key, of another version, or replayed
 * against a binding it was not issued for. Each program maps it to its own `invalid_cursor`.
 */
export class SignedCursorError extends Error {
  override readonly name = "SignedCursorError";

  constructor(readonly reason: SignedCursorFailure) {
    super(`invalid cursor (${reason})`);
  }
}

/** What one kind of cursor is: its purpose label, its payload check, its program's error. */
export interface CursorKind<P> {
  /** Names what the cursors page through (e.g. `cpod.audit.query`); part of every MAC. */
  purpose: string;
  /** The payload, or undefined when the parsed JSON is not one (a bug or an old format). */
  read(payload: unknown): P | undefined;
  /** The program's own `invalid_cursor` error for a refusal; default: the SignedCursorError. */
  refuse?(error: SignedCursorError): Error;
}

/**
 * Opaque, tamper-proof paging cursors. Wire format, base64url without padding:
 * `version (1 byte) ‖ HMAC-SHA256(key, version ‖ canonicalJson([purpose, binding]) ‖ "\n" ‖
 * payload) (32 bytes) ‖ payload (UTF-8 JSON)`. The binding — tenant, query, filter, sort, scope —
 * is not in the cursor, only in its MAC, so a cursor replayed against another binding, purpose or
 * key fails the constant-time check. The payload (a position) is readable by its holder, who
 * just received the row it points at.
 *
 * @example
 *   const cursors = new SignedCursors<{ tenantId: string }, number>(key32, {
 *     purpose: "cpod.example",
 *     read: (v) => (typeof v === "number" ? v : undefined),
 *   });
 *   const next = cursors.encode({ tenantId: "ten_1" }, 42);
 *   cursors.decode({ tenantId: "ten_1" }, next); // 42; another tenant → SignedCursorError
 */
export class SignedCursors<B extends { [K in keyof B]: BindingValue }, P> {
  readonly #key: Buffer;
  readonly #kind: CursorKind<P>;

  constructor(key: Uint8Array, kind: CursorKind<P>) {
    if (!(key instanceof Uint8Array) || key.length < MIN_KEY_BYTES) {
      throw new TypeError(`SignedCursors: the key must be at least ${MIN_KEY_BYTES} bytes`);
    }
    this.#key = Buffer.from(key);
    this.#kind = kind;
  }

  /** A cursor carrying `payload` (JSON), valid only for `binding`. */
  encode(binding: B, payload: P): string {
    const body = Buffer.from(JSON.stringify(payload), "utf8");
    const version = Buffer.of(VERSION);
    return Buffer.concat([version, this.#mac(binding, body), body]).toString("base64url");
  }

  /** The payload of `cursor`; `kind.refuse(SignedCursorError)` unless issued for `binding`. */
  decode(binding: B, cursor: string): P {
    try {
      return this.#decode(binding, cursor);
    } catch (error) {
      const { refuse } = this.#kind;
      throw error instanceof SignedCursorError && refuse ? refuse(error) : error;
    }
  }

  #decode(binding: B, cursor: string): P {
    const body = this.#verified(binding, unwrap(cursor));
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw new SignedCursorError("payload");
    }
    const payload = this.#kind.read(parsed);
    if (payload === undefined) throw new SignedCursorError("payload");
    return payload;
  }

  /** The payload bytes once version and MAC check out. */
  #verified(binding: B, raw: Buffer): Buffer {
    if (raw[0] !== VERSION) throw new SignedCursorError("version");
    const body = raw.subarray(1 + MAC_BYTES);
    if (!timingSafeEqual(raw.subarray(1, 1 + MAC_BYTES), this.#mac(binding, body))) {
      throw new SignedCursorError("signature");
    }
    return body;
  }

  #mac(binding: B, body: Buffer): Buffer {
    // Canonical JSON never holds a raw newline, so "\n" ends the binding unambiguously.
    const bound = canonicalJson([this.#kind.purpose, binding]);
    const hmac = createHmac("sha256", this.#key).update(Buffer.of(VERSION));
    return hmac.update(`${bound}\n`).update(body).digest();
  }
}

/** The raw bytes of a well-formed cursor: base64url in its one canonical spelling. */
function unwrap(cursor: string): Buffer {
  if (typeof cursor !== "string" || cursor.length > MAX_LENGTH || !BASE64URL.test(cursor)) {
    throw new SignedCursorError("malformed");
  }
  const raw = Buffer.from(cursor, "base64url");
  // Node ignores stray trailing bits; demand the canonical form so every edit is visible.
  if (raw.length <= 1 + MAC_BYTES || raw.toString("base64url") !== cursor) {
    throw new SignedCursorError("malformed");
  }
  return raw;
}

/**
 * `read` for a position that is a non-negative safe integer (a sequence id, an offset).
 *
 * @example
 *   new SignedCursors<Scope, number>(key, { purpose: "cpod.x", read: readPosition });
 */
export function readPosition(value: unknown): number | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
