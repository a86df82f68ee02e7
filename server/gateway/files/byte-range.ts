import { ApiError } from "../../shared/errors/api-error.js";

/** A requested range before the size is known: `bytes=a-b`, `bytes=a-` or `bytes=-n`. */
export type RangeRequest = { start: number; end?: number | undefined } | { suffix: number };

/** An inclusive byte range inside the object. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses one `Range` header. Multiple ranges or other units answer `null` (send the whole
 * object, as RFC 9110 allows); a malformed single range is also ignored, per the same RFC.
 *
 * @example
 *   parseRangeHeader("bytes=0-1023") // { start: 0, end: 1023 }
 */
export function parseRangeHeader(header: string | undefined): RangeRequest | null {
  const m = header?.trim().match(/^bytes=(\d{0,15})-(\d{0,15})$/);
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") return { suffix: Number(m[2]) };
  const start = Number(m[1]);
  const end = m[2] === "" ? undefined : Number(m[2]);
  return end !== undefined && end < start ? null : { start, end };
}

/**
 * Resolves a range against the object's size; `range_not_satisfiable` (416) when it starts past
 * the end or the suffix is empty, with the `Content-Range: bytes *\/size` header the RFC wants.
 */
export function resolveRange(range: RangeRequest, size: number): ByteRange {
  const unsatisfiable = () =>
    new ApiError("range_not_satisfiable", `The object has ${size} bytes`, {
      headers: { "content-range": `bytes */${size}` },
    });
  if ("suffix" in range) {
    if (range.suffix === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - range.suffix), end: size - 1 };
  }
  if (range.start >= size) throw unsatisfiable();
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}
