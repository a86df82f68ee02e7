/**
 * Row conversions shared by the SQL stores: `pg` returns bigint as a string and bytea as a
 * Buffer; these helpers give the stores numbers and plain bytes.
 */

/** A bigint/bigserial column as a JS number (positions stay far below 2^53). */
export const num = (value: unknown): number => Number(value);

/** A timestamptz column (a Date in both drivers) or null. */
export const date = (value: unknown): Date => new Date(value as Date);
export const dateOrNull = (value: unknown): Date | null =>
  value === null || value === undefined ? null : new Date(value as Date);

/** Binds bytes as bytea in both drivers. */
export const bytes = (value: Uint8Array): Buffer =>
  Buffer.from(value.buffer, value.byteOffset, value.byteLength);

/** A bytea column as a Uint8Array. */
export const fromBytes = (value: unknown): Uint8Array => new Uint8Array(value as Uint8Array);

/** Keyset page from `limit + 1` rows ordered by `seq`. */
export function pageOf<R extends { seq: unknown }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): { items: T[]; next: number | undefined } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(map),
    next: rows.length > limit && last ? num(last.seq) : undefined,
  };
}
