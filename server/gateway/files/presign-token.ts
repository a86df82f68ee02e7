import { createHmac } from "node:crypto";
import { sameSecret } from "../../../lib/same-secret.js";
import { ApiError } from "../../shared/errors/api-error.js";

/** What a presigned URL grants: one method on one object key until `expires` (epoch seconds). */
export interface PresignGrant {
  method: "GET" | "PUT";
  key: string;
  expires: number;
}

function signature(secret: Buffer, grant: PresignGrant): string {
  return createHmac("sha256", secret)
    .update(`cpod/presign/v1\n${grant.method}\n${grant.key}\n${grant.expires}`)
    .digest("base64url");
}

/**
 * Builds the embedded store's presigned URL: `<baseUrl>/<key>?X-Cpod-Method&X-Cpod-Expires&
 * X-Cpod-Signature`, an HMAC over method, key and expiry — the same shape of guarantee as an S3
 * presigned URL, which the gateway checks with {@link verifyPresignedUrl} before streaming.
 *
 * @example
 *   signPresignedUrl(key, "http://localhost:8000/v1/presigned", { method: "GET", key: k, expires })
 */
export function signPresignedUrl(secret: Buffer, baseUrl: string, grant: PresignGrant): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, "")}/${grant.key}`);
  url.searchParams.set("X-Cpod-Method", grant.method);
  url.searchParams.set("X-Cpod-Expires", String(grant.expires));
  url.searchParams.set("X-Cpod-Signature", signature(secret, grant));
  return url.toString();
}

/**
 * Checks a presigned URL for a request with `method` and answers the object key it grants.
 * Anything wrong — another method, a changed key or expiry, a bad signature, past expiry —
 * answers `permission_denied`, never a hint of which check failed.
 *
 * @example
 *   const key = verifyPresignedUrl(secret, baseUrl, req.url, "GET"); // then stream `key`
 */
export function verifyPresignedUrl(
  secret: Buffer,
  baseUrl: string,
  url: string | URL,
  method: string,
  now: number = Date.now(),
): string {
  const denied = new ApiError("permission_denied", "The presigned URL is invalid or expired");
  const base = new URL(baseUrl);
  const parsed = new URL(url, base);
  const basePath = base.pathname.replace(/\/+$/, "");
  if (!parsed.pathname.startsWith(`${basePath}/`)) throw denied;
  let key: string;
  try {
    key = decodeURIComponent(parsed.pathname.slice(basePath.length + 1));
  } catch {
    throw denied; // malformed percent-encoding
  }
  const expires = Number(parsed.searchParams.get("X-Cpod-Expires"));
  const given = Buffer.from(parsed.searchParams.get("X-Cpod-Signature") ?? "", "base64url");
  if (method !== parsed.searchParams.get("X-Cpod-Method") || !Number.isSafeInteger(expires))
    throw denied;
  const want = Buffer.from(
    signature(secret, { method: method as "GET" | "PUT", key, expires }),
    "base64url",
  );
  if (!sameSecret(given, want)) throw denied;
  if (expires * 1000 <= now) throw denied;
  return key;
}
