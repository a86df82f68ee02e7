import { ApiError } from "../errors/api-error.js";

/**
 * The sidecar's audit cursor (`<payload>.<mac>`) re-encoded in the REST cursor alphabet
 * (`^[A-Za-z0-9_-]+$`), and back, for the gateway's `/v1/audit/events` and the control plane's
 * audit export alike. It stays opaque and MAC-checked by the sidecar: whatever a client sends
 * decodes to some bytes the sidecar then refuses as `invalid_cursor`.
 */
export const restAuditCursor = (sidecarCursor: string): string =>
  Buffer.from(sidecarCursor).toString("base64url");

/** A REST audit cursor back to the sidecar's; `invalid_cursor` for one this API never issued. */
export function sidecarAuditCursor(rest: string): string {
  const decoded = Buffer.from(rest, "base64url").toString("utf8");
  // Nothing this API issued decodes to nothing or to more than the sidecar's limit.
  if (decoded.length === 0 || decoded.length > 1024) {
    throw new ApiError("invalid_cursor", "The cursor is not one this API issued.");
  }
  return decoded;
}
