import { Readable } from "node:stream";
import type { GatewayHandlers } from "../../../gen/routes/gateway.js";
import { ApiError } from "../../shared/errors/api-error.js";
import { requireCaller, requireScope, scopeOf } from "../data-caller.js";
import type { GatewayContext } from "../handlers.js";
import type { ListCursors } from "../list-cursor.js";
import { declaredLength, downloadHeaders, headerOf, notModified } from "./file-download.js";
import { blobPrefix, type FileService, parseRangeHeader } from "./index.js";

type FileHandlers = Pick<
  GatewayHandlers<GatewayContext>,
  "listFiles" | "putFile" | "getFile" | "headFile" | "deleteFile" | "presignFile"
>;

/** What the file routes need. */
export interface FileRouteDeps {
  service: FileService;
  cursors: ListCursors;
  /** Largest upload in bytes (the plan limit; 100 MiB unless configured). */
  maxUploadBytes: number;
}

/** The request body as a stream: the raw request (passed through unparsed), or empty. */
export function bodyStream(body: unknown): Readable {
  return body instanceof Readable ? body : Readable.from([]);
}

/**
 * Runs an upload; if it fails before the body was read to the end (413, checksum, store down),
 * the error answer carries `Connection: close`. The unread rest of the body would otherwise be
 * taken as the next request on a kept-alive connection, and the client would hang.
 */
export async function uploading<T>(
  body: Readable,
  upload: (body: Readable) => Promise<T>,
): Promise<T> {
  try {
    return await upload(body);
  } catch (error) {
    if (body.readableEnded) throw error;
    const e = ApiError.from(error);
    throw new ApiError(e.code, e.detail, {
      cause: e.cause ?? error,
      errors: e.errors,
      headers: { ...e.headers, connection: "close" },
    });
  }
}

/** 413 before reading a byte when `Content-Length` already says the body is too large. */
export function refuseDeclaredOversize(header: string | undefined, max: number): void {
  const length = declaredLength(header);
  if (length !== undefined && length > max)
    throw new ApiError("payload_too_large", `The upload exceeds ${max} bytes`);
}

/**
 * `/v1/files`: streamed both ways — the upload is the request stream itself (never buffered)
 * and the download is the store's stream — with `Range` (206), `If-None-Match` (304), HEAD and
 * conditional writes. Object keys are built from the token's scope; the client names a path
 * inside it, which `FileService` validates (no `..`, encodings, absolute paths or NUL).
 *
 * @example
 *   const handlers = fileHandlers({ service: new FileService(store), cursors, maxUploadBytes });
 */
export function fileHandlers(deps: FileRouteDeps): FileHandlers {
  const files = deps.service;
  const maxBytes = deps.maxUploadBytes;
  return {
    listFiles: async ({ query }, ctx) => {
      const scope = scopeOf(requireCaller(ctx), query.tier);
      const prefix = query.prefix ?? "";
      const binding = {
        area: "files" as const,
        tenantId: scope.tenantId,
        prefix,
        scopePrefix: blobPrefix(scope),
      };
      const body = await deps.cursors.page(binding, query.cursor, (after) =>
        files.list(scope, { prefix, limit: query.limit, after }),
      );
      return { status: 200, body };
    },
    putFile: async ({ params, query, headers, body }, ctx) => {
      const scope = scopeOf(requireCaller(ctx), query.tier);
      const object = await uploading(bodyStream(body), (stream) => {
        refuseDeclaredOversize(headerOf(headers, "content-length"), maxBytes);
        return files.put(scope, params.path, stream, {
          contentType: headerOf(headers, "content-type"),
          expectedSha256: headerOf(headers, "x-checksum-sha256"),
          ifMatch: headerOf(headers, "if-match"),
          ifNoneMatch: headerOf(headers, "if-none-match")?.trim() === "*",
          maxBytes,
        });
      });
      return {
        status: 200,
        body: object,
        headers: { etag: object.etag, "x-checksum-sha256": object.sha256 },
      };
    },
    getFile: async ({ params, query, headers }, ctx) => {
      const scope = scopeOf(requireCaller(ctx), query.tier);
      if (headerOf(headers, "if-none-match") !== undefined) {
        const current = await files.head(scope, params.path);
        if (notModified(headerOf(headers, "if-none-match"), current.etag))
          return { status: 304, body: undefined, headers: { etag: current.etag } };
      }
      const download = await files.get(
        scope,
        params.path,
        parseRangeHeader(headerOf(headers, "range")),
      );
      const status = download.range ? 206 : 200;
      const responseHeaders = downloadHeaders(download.object, download.range);
      // The route has no response schema for 200/206: the stream is sent as is.
      return { status, body: download.body as never, headers: responseHeaders };
    },
    headFile: async ({ params, query, headers }, ctx) => {
      const object = await files.head(scopeOf(requireCaller(ctx), query.tier), params.path);
      if (notModified(headerOf(headers, "if-none-match"), object.etag))
        return { status: 304, body: undefined, headers: { etag: object.etag } };
      return { status: 200, body: undefined, headers: downloadHeaders(object, null) };
    },
    deleteFile: async ({ params, query, headers }, ctx) => {
      const scope = scopeOf(requireCaller(ctx), query.tier);
      await files.delete(scope, params.path, headerOf(headers, "if-match"));
      return { status: 204, body: undefined };
    },
    presignFile: async ({ params, query, body }, ctx) => {
      const caller = requireCaller(ctx);
      if (body.method === "PUT") requireScope(caller, "files.write");
      const scope = scopeOf(caller, query.tier);
      const grant = await files.presign(scope, params.path, body.method, body.expires_in);
      return { status: 200, body: grant, headers: { "cache-control": "no-store" } };
    },
  };
}
