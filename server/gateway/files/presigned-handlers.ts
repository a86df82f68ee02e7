import type { GatewayHandlers } from "../../../gen/routes/gateway.js";
import { ApiError } from "../../shared/errors/api-error.js";
import type { GatewayContext } from "../handlers.js";
import { downloadHeaders, headerOf } from "./file-download.js";
import { bodyStream, refuseDeclaredOversize, uploading } from "./file-handlers.js";
import {
  type BlobMeta,
  type BlobStore,
  parseRangeHeader,
  resolveRange,
  verifyPresignedUrl,
} from "./index.js";

type PresignedHandlers = Pick<
  GatewayHandlers<GatewayContext>,
  "getPresignedFile" | "putPresignedFile"
>;

/**
 * The embedded store's presigned URLs: the HMAC key that signs them and the public base URL
 * they start with (`<CPOD_PUBLIC_URL>/v1/presigned`). Read at request time, so a test can fill
 * in the base URL once its port is known.
 */
export interface PresignedConfig {
  presignKey: Buffer;
  presignBaseUrl: string;
}

interface PresignedQuery {
  "X-Cpod-Method": string;
  "X-Cpod-Expires": string;
  "X-Cpod-Signature": string;
}

/** The object key a presigned request may touch, or 403 (404 when this gateway issues none). */
function grantedKey(
  config: PresignedConfig | undefined,
  key: string,
  query: PresignedQuery,
  method: "GET" | "PUT",
): string {
  if (!config) throw new ApiError("not_found", "This gateway does not serve presigned URLs.");
  const path = key.split("/").map(encodeURIComponent).join("/");
  const url = new URL(`${config.presignBaseUrl.replace(/\/+$/, "")}/${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return verifyPresignedUrl(config.presignKey, config.presignBaseUrl, url, method);
}

function fileObject(meta: BlobMeta) {
  const etag = `"${meta.sha256}"`;
  const updated_at = meta.updatedAt.toISOString();
  return {
    path: meta.key,
    size: meta.size,
    content_type: meta.contentType,
    etag,
    sha256: meta.sha256,
    updated_at,
  };
}

/**
 * `GET/PUT /v1/presigned/{key}`: what an S3 presigned URL does, for the filesystem store. No
 * token: the HMAC over method, key and expiry is the credential, checked before any byte moves.
 * The key was built from the presigner's scope when signed, so it cannot be re-pointed at
 * another tenant without breaking the signature.
 *
 * @example
 *   presignedHandlers(store, { presignKey, presignBaseUrl: "https://api.example/v1/presigned" }, max)
 */
export function presignedHandlers(
  blobs: BlobStore,
  config: PresignedConfig | undefined,
  maxUploadBytes: number,
): PresignedHandlers {
  return {
    getPresignedFile: async ({ params, query, headers }) => {
      const key = grantedKey(config, params.key, query, "GET");
      const meta = await blobs.head(key);
      if (!meta) throw new ApiError("not_found", "No such file");
      const requested = parseRangeHeader(headerOf(headers, "range"));
      const range = requested ? resolveRange(requested, meta.size) : null;
      const found = await blobs.get(key, range ?? undefined);
      if (!found) throw new ApiError("not_found", "No such file");
      const responseHeaders = downloadHeaders(fileObject(found.meta), range);
      return { status: range ? 206 : 200, body: found.body, headers: responseHeaders };
    },
    putPresignedFile: async ({ params, query, headers, body }) => {
      const key = grantedKey(config, params.key, query, "PUT");
      const contentType = headerOf(headers, "content-type") ?? "application/octet-stream";
      const meta = await uploading(bodyStream(body), (stream) => {
        refuseDeclaredOversize(headerOf(headers, "content-length"), maxUploadBytes);
        return blobs.put(key, stream, { contentType, maxBytes: maxUploadBytes });
      });
      return {
        status: 200,
        body: undefined,
        headers: { etag: `"${meta.sha256}"`, "x-checksum-sha256": meta.sha256 },
      };
    },
  };
}
