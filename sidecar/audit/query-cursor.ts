import { createHash } from "node:crypto";
import { readPosition, SignedCursors } from "../../lib/signed-cursor.js";
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

/**
 * Key bytes as given; a text key (the built-in one, or a test's) stretched to the codec's 32
 * bytes by SHA-256 — which adds no secrecy, so production passes derived bytes.
 */
function keyBytes(key: string | Uint8Array): Uint8Array {
  if (typeof key !== "string") return key;
  if (key.length === 0) throw new TypeError("AuditCursors: the key must not be empty");
  return createHash("sha256").update(key).digest();
}

const refuse = (error: Error) =>
  new SidecarError("invalid_cursor", "the cursor is not one this query returned", { cause: error });

/**
 * Opaque Query cursors on the one signed-cursor codec (lib/signed-cursor.ts): the payload is the
 * last sequence id returned, the MAC covers it together with the query's scope. A cursor that was
 * edited, made up, or reused with other filters or another tenant decodes to
 * SidecarError("invalid_cursor").
 *
 * @example
 *   const cursors = new AuditCursors();
 *   const cursor = cursors.encode({ tenantId: "acme" }, 50);
 *   cursors.decode({ tenantId: "acme" }, cursor); // 50
 */
export class AuditCursors extends SignedCursors<CursorScope, number> {
  /** `key`: 32 or more bytes, or text (see keyBytes); the built-in key when absent. */
  constructor(key: string | Uint8Array = DEFAULT_KEY) {
    super(keyBytes(key), { purpose: "cpod.audit.query", read: readPosition, refuse });
  }
}
