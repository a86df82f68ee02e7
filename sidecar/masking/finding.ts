/**
 * What a detector found, as a stable snake_case name. The service maps it to the proto enum;
 * the masker uses it in the placeholder so a reader of a masked log sees what was there.
 */
export const FINDING_KINDS = [
  "private_key",
  "bearer_token",
  "jwt",
  "api_key",
  "password",
  "blocked_field",
  "iban",
  "card_number",
  "us_ssn",
  "email",
  "phone",
  "custom_pattern",
] as const;

/** One of {@link FINDING_KINDS}. */
export type FindingKind = (typeof FINDING_KINDS)[number];

/**
 * One masked value: what it was and where (an RFC 6901 JSON Pointer, "" for a whole string).
 * Deliberately has no field for the matched text, so a finding can be logged as is.
 */
export interface Finding {
  kind: FindingKind;
  pointer: string;
  /** For `custom_pattern`, the index of the matching pattern in the call's `patterns`. */
  patternIndex?: number;
}

/**
 * When detectors overlap, the merged span is reported as the kind listed first in
 * {@link FINDING_KINDS}: the more specific context wins (a JWT after `Bearer` is a bearer token).
 */
export function priority(kind: FindingKind): number {
  return FINDING_KINDS.indexOf(kind);
}

/**
 * The text that replaces a masked value. Stable and obvious, so people and tests can rely on it.
 *
 * @example
 *   placeholder("email"); // "[REDACTED:email]"
 */
export function placeholder(kind: FindingKind): string {
  return `[REDACTED:${kind}]`;
}

const PLACEHOLDER = /^\[REDACTED:[a-z_]+\]$/;

/** True for text that is already one of our placeholders, so masking twice finds nothing new. */
export function isPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text);
}
