/** The RFC 6749 §5.2 error codes the contract's `OAuthError` allows. */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope";

/**
 * The one table mapping OAuth error codes to HTTP (RFC 6749 §5.2): `invalid_client` is 401 with
 * a `WWW-Authenticate` challenge, everything else 400.
 */
export const OAUTH_ERROR_STATUS: Readonly<Record<OAuthErrorCode, 400 | 401>> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
};

/** The challenge sent with every `invalid_client` (the contract's `WwwAuthenticateBasic`). */
export const CLIENT_CHALLENGE = 'Basic realm="cpod", charset="UTF-8"';

/**
 * An OAuth endpoint's refusal, answered with an RFC 6749 §5.2 body instead of a Problem because
 * OAuth client libraries parse that shape. `description` goes to the client: never put a secret
 * or a token in it.
 *
 * @example
 *   throw new OAuthError("invalid_scope", "The app did not declare the scope secrets.write.");
 */
export class OAuthError extends Error {
  override readonly name = "OAuthError";

  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${code}: ${description}`, options);
  }

  get status(): 400 | 401 {
    return OAUTH_ERROR_STATUS[this.code];
  }

  /**
   * Response headers: never cached (RFC 6749 §5.1), plus the challenge on a 401 when the client
   * authenticated through the `Authorization` header (§5.2: then it MUST be there). A client that
   * sent its secret in the form gets none: a browser answers `WWW-Authenticate: Basic` with its
   * login dialog, which is what a Swagger UI "Try it out" with a wrong secret showed.
   */
  headers(usedAuthorizationHeader: boolean): Record<string, string> {
    return {
      "cache-control": "no-store",
      pragma: "no-cache",
      ...(this.status === 401 && usedAuthorizationHeader
        ? { "www-authenticate": CLIENT_CHALLENGE }
        : {}),
    };
  }

  /** The RFC 6749 §5.2 body. */
  get body(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.code, error_description: this.description.slice(0, 512) };
  }
}
