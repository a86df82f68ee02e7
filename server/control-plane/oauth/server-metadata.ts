import { SCOPES } from "./scopes.js";

const AUTH_METHODS = ["client_secret_basic", "client_secret_post"] as const;

/**
 * RFC 8414 authorization server metadata, also served at `/.well-known/openid-configuration`
 * (many clients, openid-client included, only look there). Every URL is under the issuer — the
 * gateway's public address (`CPOD_ISSUER`), which serves all OAuth routes — because RFC 8414 §3.3
 * requires the `issuer` to equal the URL the metadata was fetched from.
 *
 * @example
 *   serverMetadata("https://api.cpod.dev").token_endpoint; // "https://api.cpod.dev/v1/oauth/token"
 */
export function serverMetadata(issuer: string) {
  return {
    issuer,
    token_endpoint: `${issuer}/v1/oauth/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    introspection_endpoint: `${issuer}/v1/oauth/introspect`,
    revocation_endpoint: `${issuer}/v1/oauth/revoke`,
    response_types_supported: [] as never[],
    grant_types_supported: ["client_credentials", "refresh_token"] as (
      | "client_credentials"
      | "refresh_token"
    )[],
    token_endpoint_auth_methods_supported: [...AUTH_METHODS],
    introspection_endpoint_auth_methods_supported: [...AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...AUTH_METHODS],
    scopes_supported: [...SCOPES],
  };
}
