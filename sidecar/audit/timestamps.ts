/**
 * Audit timestamps: RFC 3339, UTC, exactly three fraction digits ("2025-01-31T12:00:00.000Z").
 * One fixed width keeps the hashed characters reproducible and lets stores compare timestamps as
 * plain strings for Query's time range.
 */

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Formats a Date as an audit timestamp. */
export function formatTimestamp(date: Date): string {
  return date.toISOString();
}

/**
 * Normalizes an RFC 3339 string to an audit timestamp. Sub-millisecond digits are cut
 * (`floor`, for recorded times) or rounded up (`ceil`, for query bounds, so a bound never
 * admits a record that precedes it). Returns undefined for text that is not a real instant
 * (wrong shape, February 30, 24:00, leap seconds).
 *
 * @example
 *   normalizeTimestamp("2025-01-31T14:00:00.1234+02:00") // "2025-01-31T12:00:00.123Z"
 */
export function normalizeTimestamp(
  text: string,
  round: "floor" | "ceil" = "floor",
): string | undefined {
  const match = RFC3339.exec(text);
  if (!match?.[1] || !match[3]) return undefined;
  const [, base, fraction = "", zone] = match;
  const wall = Date.parse(`${base}Z`);
  // Date.parse rolls Feb 30 over to March 2; a round trip catches that.
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 19) !== base) return undefined;
  const digits = fraction.padEnd(9, "0");
  const extra = round === "ceil" && /[1-9]/.test(digits.slice(3)) ? 1 : 0;
  const instant = Date.parse(`${base}${zone}`) + Number(digits.slice(0, 3)) + extra;
  const date = new Date(instant);
  if (Number.isNaN(instant) || date.getUTCFullYear() > 9999 || date.getUTCFullYear() < 0)
    return undefined;
  return formatTimestamp(date);
}
