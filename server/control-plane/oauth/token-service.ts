import type { AccessTokens } from "./access-tokens.js";
import type { ClientAuthenticator } from "./client-authenticator.js";
import { type CredentialFields, readClientCredentials } from "./client-credentials.js";
import { OAuthError } from "./oauth-error.js";
import type { RefreshTokens } from "./refresh-tokens.js";
import { grantScopes } from "./scopes.js";

/** The token request's form fields (the contract's `TokenRequest`, both branches). */
export interface TokenRequestFields extends CredentialFields {
  grant_type: string;
  scope?: string;
  user_id?: string;
  refresh_token?: string;
}

/** Who is asking, from the HTTP layer. */
export interface CallerInfo {
  authorization: string | undefined;
  clientAddress: string;
  requestId: string;
}

/** RFC 6749 §5.1 success body. */
export interface TokenResponseBody {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

/**
 * The token endpoint's use case (RFC 6749): authenticate the client, then run its grant.
 * `client_credentials` gives an app token, or — for `web` apps sending `user_id` — a
 * user-delegated token with a refresh token; `refresh_token` rotates such a pair.
 *
 * @example
 *   const body = await tokenService.issue(form, { authorization, clientAddress, requestId });
 */
export class TokenService {
  constructor(
    private readonly deps: {
      authenticator: ClientAuthenticator;
      tokens: AccessTokens;
      refresh: RefreshTokens;
    },
  ) {}

  async issue(fields: TokenRequestFields, caller: CallerInfo): Promise<TokenResponseBody> {
    const credentials = readClientCredentials(caller.authorization, fields);
    const app = await this.deps.authenticator.authenticate(credentials, caller.clientAddress);
    if (fields.grant_type === "refresh_token") {
      const pair = await this.deps.refresh.rotate(
        app,
        fields.refresh_token ?? "",
        fields.scope,
        caller.requestId,
      );
      return this.#body(pair.access, pair.refreshToken);
    }
    if (fields.grant_type !== "client_credentials") {
      throw new OAuthError("unsupported_grant_type", "Use client_credentials or refresh_token.");
    }
    const scopes = grantScopes(fields.scope, app.declaredScopes);
    if (fields.user_id === undefined) {
      const access = await this.deps.tokens.issue({
        tenantId: app.tenantId,
        appId: app.clientId,
        scopes,
      });
      return this.#body(access);
    }
    if (app.appType !== "web") {
      throw new OAuthError("unauthorized_client", "Only web apps may request tokens for a user.");
    }
    const pair = await this.deps.refresh.start(app, fields.user_id, scopes);
    return this.#body(pair.access, pair.refreshToken);
  }

  #body(access: { token: string; scope: string }, refreshToken?: string): TokenResponseBody {
    return {
      access_token: access.token,
      token_type: "Bearer",
      expires_in: this.deps.tokens.ttlSecs,
      scope: access.scope,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    };
  }
}
