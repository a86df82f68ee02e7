import type { HttpConfig } from "./http.js";
import { send } from "./http.js";
import type { TokenFetcher } from "./token-source.js";
import type { TokenResponse } from "./types.js";

/** What the token endpoint needs to issue a client-credentials token. */
export interface AppCredentials {
  clientId: string;
  clientSecret: string;
  scope?: string | undefined;
}

/** `client_secret_basic` (RFC 6749 §2.3.1): both parts form-encoded, then base64. */
function basicAuth({ clientId, clientSecret }: AppCredentials): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  return `Basic ${btoa(`${encode(clientId)}:${encode(clientSecret)}`)}`;
}

/**
 * Fetches a token with the client-credentials grant at `POST /v1/oauth/token`, sending the
 * secret in the `Authorization` header (so it never sits in a body a proxy might log).
 * Connection errors, 429 and 5xx are retried like any call.
 */
export function clientCredentialsFetcher(
  config: HttpConfig,
  credentials: AppCredentials,
): TokenFetcher {
  return async () => {
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    if (credentials.scope) form.set("scope", credentials.scope);
    const { data } = await send<TokenResponse>(config, {
      method: "POST",
      path: "/v1/oauth/token",
      headers: { authorization: basicAuth(credentials) },
      body: { kind: "form", value: form },
      tokens: undefined,
    });
    return { value: data.access_token, lifetimeSeconds: data.expires_in };
  };
}
