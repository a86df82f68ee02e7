import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { createValidator, type Violation } from "@bufbuild/protovalidate";
import { SidecarError } from "../errors/sidecar-error.js";

const validator = createValidator();

/** The secret value's size cap (`max_bytes` in secrets.proto) answers payload_too_large. */
const isValueTooLarge = (v: Violation) =>
  pathToString(v.field) === "value" && v.ruleId === "string.max_bytes";

/**
 * Checks a request against the protovalidate rules in the proto, so the rules live in one place.
 * The error names fields and rule ids only: protovalidate's own messages are not forwarded, so
 * nothing a caller sent (least of all a secret value) can come back in an error.
 *
 * @example
 *   checkRequest(PutSecretRequestSchema, req); // throws SidecarError("validation_failed", …)
 */
export function checkRequest<D extends DescMessage>(schema: D, message: MessageShape<D>): void {
  const result = validator.validate(schema, message);
  if (result.kind === "valid") return;
  if (result.kind === "error")
    throw new SidecarError("internal", "request validation failed to run");
  if (result.violations.some(isValueTooLarge)) {
    throw new SidecarError("payload_too_large", "value: a secret value is at most 65536 bytes");
  }
  const fields = result.violations.map((v) => `${pathToString(v.field)} (${v.ruleId})`);
  throw new SidecarError("validation_failed", `invalid request: ${fields.join(", ")}`);
}

const CURSOR_PREFIX = "n:";

/** An opaque list cursor: the last name of the page, so the next page starts after it. */
export function encodeCursor(lastName: string): string {
  return Buffer.from(CURSOR_PREFIX + lastName, "utf8").toString("base64url");
}

/** The name a cursor points after; invalid_cursor for anything this service did not issue. */
export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const name = text.slice(CURSOR_PREFIX.length);
  if (!text.startsWith(CURSOR_PREFIX) || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(name)) {
    throw new SidecarError("invalid_cursor", "cursor is not one this service issued");
  }
  return name;
}
