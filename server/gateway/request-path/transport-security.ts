import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { ApiError } from "../../shared/errors/api-error.js";

/** Options: production mode refuses plain HTTP; proxies listed here may vouch for HTTPS. */
export interface TransportSecurityOptions {
  production: boolean;
  /** Peer addresses whose `X-Forwarded-Proto: https` is believed (`CPOD_TRUSTED_PROXIES`). */
  trustedProxies: readonly string[];
}

/** Two years with subdomains: the usual HSTS preload-list value. */
const HSTS = "max-age=63072000; includeSubDomains";

/** `::ffff:10.0.0.1` and `10.0.0.1` are the same peer. */
function normalize(address: string | undefined): string {
  return (address ?? "").replace(/^::ffff:/, "");
}

/**
 * True when the request's TCP peer is one of `trusted` (`CPOD_TRUSTED_PROXIES`): what it says
 * about the client (`X-Forwarded-Proto`, `traceparent`) is believed.
 *
 * @example
 *   fromTrustedProxy(request, new Set(["10.0.0.2"]));
 */
export function fromTrustedProxy(request: FastifyRequest, trusted: ReadonlySet<string>): boolean {
  return trusted.has(normalize(request.raw.socket.remoteAddress));
}

/** The `trusted` set fromTrustedProxy checks, from the configured proxy addresses. */
export function trustedPeers(proxies: readonly string[]): ReadonlySet<string> {
  return new Set(proxies.map(normalize));
}

/** True when the request reached us over TLS, directly or via a trusted TLS-terminating proxy. */
export function arrivedOverTls(request: FastifyRequest, trusted: ReadonlySet<string>): boolean {
  if ((request.raw.socket as { encrypted?: boolean }).encrypted === true) return true;
  if (!fromTrustedProxy(request, trusted)) return false;
  const proto = request.headers["x-forwarded-proto"];
  return typeof proto === "string" && proto.split(",")[0]?.trim().toLowerCase() === "https";
}

/**
 * HSTS on every response (so browsers never try plain HTTP again), and in production mode a
 * Problem for any request that did not arrive over TLS — before any token is looked at, so a
 * token sent in clear is refused rather than used. `X-Forwarded-Proto` from an untrusted peer is
 * ignored: anyone can send that header. It reads no request state, so it depends on no plugin.
 *
 * @example
 *   await app.register(transportSecurity, { production: true, trustedProxies: ["10.0.0.2"] });
 */
export const transportSecurity = fp(
  async (app: FastifyInstance, opts: TransportSecurityOptions) => {
    const trusted = trustedPeers(opts.trustedProxies);
    app.addHook("onRequest", async (request, reply) => {
      reply.header("strict-transport-security", HSTS);
      if (opts.production && !arrivedOverTls(request, trusted)) {
        throw new ApiError("bad_request", "This API is served over HTTPS only.");
      }
    });
  },
  { name: "cpod-transport-security", fastify: "5.x" },
);
