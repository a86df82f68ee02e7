// What the sidecar says on the wire beside its answers, which its callers (gateway, control
// plane) read: the names and values both sides must agree on live once here, as the caller
// credential's header does (lib/caller-credential.ts), since the programs do not import each other.

/** Header carrying the cPod error code next to the Connect code, for precise client mapping. */
export const ERROR_CODE_HEADER = "cpod-error-code";

/**
 * Header naming why an access token was refused (`unknown_kid`, `expired`, …), so a caller can
 * tell a transient refusal (a key rotated in that this sidecar has not fetched yet) from a
 * misconfiguration without parsing the message.
 */
export const TOKEN_REJECT_REASON_HEADER = "cpod-token-reject-reason";

/**
 * How long the sidecar waits after refetching the JWKS before it refetches for an unknown `kid`
 * again: a token signed with a key rotated in within that time is refused until it has passed.
 */
export const JWKS_REFETCH_COOLDOWN_MS = 5_000;
