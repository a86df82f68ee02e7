import type { JsonObject } from "@bufbuild/protobuf";

/**
 * Metadata is stored as JSON text in every adapter: PostgreSQL jsonb rejects `\u0000` and
 * rewrites numbers, MongoDB-compatible servers refuse keys like "a.b" or "$x", and the chain must
 * read back exactly the value it hashed.
 */
export function encodeMetadata(metadata: JsonObject | null): string | null {
  return metadata === null ? null : JSON.stringify(metadata);
}

/**
 * The stored text back to JSON. Text that no longer parses (edited in the database) comes back
 * raw: a string can never hash like the object that was sealed, so Verify names the record
 * instead of the whole read failing.
 */
export function decodeMetadata(text: string | null | undefined): JsonObject | null {
  if (text === null || text === undefined) return null;
  try {
    return JSON.parse(text) as JsonObject;
  } catch {
    return text as unknown as JsonObject;
  }
}
