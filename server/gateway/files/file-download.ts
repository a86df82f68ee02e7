import type { ByteRange, FileObject } from "./index.js";

/**
 * Headers of a download (GET, HEAD, presigned GET): the stored content type, size, strong ETag
 * (the SHA-256), the checksum of the whole object, and `Accept-Ranges`. User content is served
 * from the API's origin, so it is sandboxed (`CSP: sandbox`, `nosniff`): an uploaded HTML file
 * cannot run script as the API.
 *
 * @example
 *   downloadHeaders(object, { start: 0, end: 99 }) // content-range: bytes 0-99/<size>
 */
export function downloadHeaders(
  object: FileObject,
  range: ByteRange | null,
): Record<string, string> {
  const length = range ? range.end - range.start + 1 : object.size;
  return {
    "content-type": object.content_type,
    "content-length": String(length),
    etag: object.etag,
    "x-checksum-sha256": object.sha256,
    "last-modified": new Date(object.updated_at).toUTCString(),
    "accept-ranges": "bytes",
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    ...(range ? { "content-range": `bytes ${range.start}-${range.end}/${object.size}` } : {}),
  };
}

/** True when `If-None-Match` names the current ETag (or is `*`), i.e. a 304 is due. */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === "*" || t === etag);
}

/** The declared size, when the client sent one (`Content-Length`), to refuse 413 up front. */
export function declaredLength(header: string | string[] | undefined): number | undefined {
  const n = typeof header === "string" && /^\d{1,16}$/.test(header) ? Number(header) : undefined;
  return n;
}

/**
 * A request header by its lower-case name. The generated input types spell headers as the spec
 * does (`If-Match`) while Node delivers them lower-cased (`if-match`), so read them here.
 */
export function headerOf(headers: object, name: string): string | undefined {
  const value = (headers as Record<string, string | string[] | undefined>)[name.toLowerCase()];
  return typeof value === "string" ? value : undefined;
}
