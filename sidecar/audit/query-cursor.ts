import { createHmac, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";
import { SidecarError } from "../errors/sidecar-error.js";

/** What a cursor is bound to: the tenant and the normalized filters of the query that made it. */
export interface CursorScope {
  tenantId: string;
  from?: string;
  to?: string;
  action?: string;
}

/**
 * The built-in key when none is configured. Then the MAC only validates: it rejects edited and
 * made-up cursors and cursors replayed under other filters, but cannot stop a determined forger.
 * That is acceptable because a cursor only selects a position inside the caller's own tenant and
 * filters; configure a secret key to make cursors unforgeable as well.
 */
const DEFAULT_KEY = "cpod.audit.cursor.v1";

function base64url(bytes: Buffer | string): string {
  return Buffer.from(bytes).toString("base64url");
}

/**
 * Opaque Query cursors: `<payload>.<mac>`, where the payload is the last sequence id returned and
 * the MAC (HMAC-SHA-256, truncated to 128 bits) covers it together with the query's scope. A
 * cursor that was edited, made up, or reused with other filters or another tenant decodes to
 * SidecarError("invalid_cursor").
 *
 * @example
 *   const codec = new CursorCodec();
 *   const cursor = codec.encode({ tenantId: "acme" }, 50);
 *   codec.decode({ tenantId: "acme" }, cursor); // 50
 */
export class CursorCodec {
  readonly #key: Buffer;

  constructor(key: string | Uint8Array = DEFAULT_KEY) {
    this.#key = Buffer.from(key);
    if (this.#key.length === 0) throw new TypeError("CursorCodec: the key must not be empty");
  }

  encode(scope: CursorScope, afterSequence: number): string {
    const payload = base64url(JSON.stringify({ v: 1, after: afterSequence }));
    return `${payload}.${base64url(this.#mac(scope, payload))}`;
  }

  /** The sequence id after which the next page starts. */
  decode(scope: CursorScope, cursor: string): number {
    const [payload, mac, extra] = cursor.split(".");
    if (!payload || !mac || extra !== undefined) throw invalid();
    const given = Buffer.from(mac, "base64url");
    const wanted = this.#mac(scope, payload);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw invalid();
    return afterSequence(payload);
  }

  #mac(scope: CursorScope, payload: string): Buffer {
    const bound = canonicalize({ scope: { ...scope }, payload }) ?? "";
    return createHmac("sha256", this.#key).update(bound).digest().subarray(0, 16);
  }
}

function afterSequence(payload: string): number {
  let after: unknown;
  try {
    after = (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { after?: unknown })
      .after;
  } catch {
    throw invalid();
  }
  if (typeof after !== "number" || !Number.isSafeInteger(after) || after < 0) throw invalid();
  return after;
}

function invalid(): SidecarError {
  return new SidecarError("invalid_cursor", "the cursor is not one this query returned");
}
