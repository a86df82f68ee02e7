// The formats of the credentials cPod mints itself. The control plane mints them; the sidecar's
// masking detects them. Both read the format from here, so detection cannot drift from minting
// (lib/ is the one place both programs may import; it imports neither).

/** Bytes of randomness in every credential cPod mints: 256 bits. */
export const CREDENTIAL_BYTES = 32;

/** The body of a minted credential: {@link CREDENTIAL_BYTES} random bytes, base64url, no `=`. */
export const CREDENTIAL_BODY = "[A-Za-z0-9_-]{43}";

/** Client secrets (the contract's `ClientSecret`, `^cs_[A-Za-z0-9_-]{43}$`). */
export const CLIENT_SECRET_PREFIX = "cs_";

/** Refresh tokens; the prefix tells introspection and revocation what they hold. */
export const REFRESH_TOKEN_PREFIX = "rt_";

/** Every prefixed credential format cPod mints, by what it is. */
export const PLATFORM_CREDENTIAL_PREFIXES = {
  clientSecret: CLIENT_SECRET_PREFIX,
  refreshToken: REFRESH_TOKEN_PREFIX,
} as const;

/** `prefix` as a literal inside a regular expression. */
export const escapeRegExp = (prefix: string): string =>
  prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The exact, anchored format of one minted credential: `prefix` + {@link CREDENTIAL_BODY}.
 *
 * @example
 *   credentialFormat(CLIENT_SECRET_PREFIX).test(newClientSecret()); // true
 */
export function credentialFormat(prefix: string): RegExp {
  return new RegExp(`^${escapeRegExp(prefix)}${CREDENTIAL_BODY}$`);
}
