import type { Http2ServerRequest } from "node:http2";
import { bracketIPv6Authority } from "../../lib/grpc/index.js";

export { bracketIPv6Authority };

/**
 * Rewrites the request's `:authority` in place before connect-node reads it: connect-node builds
 * `new URL(path, "http://" + authority)`, which fails on the unbracketed IPv6 authority Node's
 * HTTP/2 client sends (see `bracketIPv6Authority`).
 */
export function fixRequestAuthority(request: Http2ServerRequest): void {
  const headers = request.headers as Record<string, string | string[] | undefined>;
  const authority = headers[":authority"];
  if (typeof authority === "string") headers[":authority"] = bracketIPv6Authority(authority);
}
