import { OAuthError } from "./oauth-error.js";

/** How the client authenticated (the contract's `ClientAuthMethod`). */
export type ClientAuthMethod = "client_secret_basic" | "client_secret_post";

/** The client's claimed identity, not yet verified. */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  method: ClientAuthMethod;
}

/** Form fields that may carry credentials (`client_secret_post`). */
export interface CredentialFields {
  client_id?: unknown;
  client_secret?: unknown;
}

const failed = () => new OAuthError("invalid_client", "Client authentication failed.");

/** RFC 6749 §2.3.1: each half is form-urlencoded before the Basic encoding. */
function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    throw new OAuthError("invalid_request", "The Basic credentials are not form-urlencoded.");
  }
}

function fromBasic(header: string, fields: CredentialFields): ClientCredentials {
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 1) throw new OAuthError("invalid_request", "Malformed Basic credentials.");
  const clientId = formDecode(decoded.slice(0, colon));
  const clientSecret = formDecode(decoded.slice(colon + 1));
  if (fields.client_secret !== undefined) {
    throw new OAuthError("invalid_request", "Use one client authentication method, not two.");
  }
  if (fields.client_id !== undefined && fields.client_id !== clientId) {
    throw new OAuthError("invalid_request", "client_id differs from the Basic credentials.");
  }
  return { clientId, clientSecret, method: "client_secret_basic" };
}

/**
 * The credentials of a token, introspection or revocation request: HTTP Basic
 * (`client_secret_basic`) or the `client_id`/`client_secret` form fields (`client_secret_post`).
 * Both at once is `invalid_request`; none, another scheme or a client_id without a secret is
 * `invalid_client` — every client here is confidential.
 *
 * @example
 *   readClientCredentials(headers.authorization, body);
 */
export function readClientCredentials(
  authorization: string | undefined,
  fields: CredentialFields,
): ClientCredentials {
  if (authorization !== undefined) {
    if (/^basic /i.test(authorization)) return fromBasic(authorization, fields);
    throw failed();
  }
  const { client_id: clientId, client_secret: clientSecret } = fields;
  if (typeof clientId !== "string" || typeof clientSecret !== "string") throw failed();
  return { clientId, clientSecret, method: "client_secret_post" };
}
